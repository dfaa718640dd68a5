package io.channelpulse.model;

/** An inventory movement: goods received into an outlet, or a count of what is on hand. */
public enum MovementType {
    RECEIPT,
    SNAPSHOT
}
