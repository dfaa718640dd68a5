package io.channelpulse.gateway.delivery;

/** Where a notification goes when it cannot be delivered: nothing is dropped silently. */
@FunctionalInterface
public interface Parking {
    void park(Notification notification, String reason, int attempts);
}
