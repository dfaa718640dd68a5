package io.channelpulse.model;

/** How urgently on-call should look at an alert. */
public enum Severity {
    WARNING,
    CRITICAL
}
