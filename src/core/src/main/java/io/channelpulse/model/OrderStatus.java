package io.channelpulse.model;

/** Lifecycle of a partner order. ACKNOWLEDGED, SHIPPED and DELIVERED all count as an answer. */
public enum OrderStatus {
    CREATED,
    ACKNOWLEDGED,
    SHIPPED,
    DELIVERED,
    CANCELLED;

    /** Whether this status answers an order for the response-time SLA. */
    public boolean isAnswer() {
        return this == ACKNOWLEDGED || this == SHIPPED || this == DELIVERED;
    }
}
