package io.channelpulse.model;

/** An alert opens as FIRING and closes, under the same alertId, as RESOLVED. */
public enum AlertStatus {
    FIRING,
    RESOLVED
}
