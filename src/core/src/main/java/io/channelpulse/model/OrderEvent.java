package io.channelpulse.model;

import java.time.Instant;

/** A status change of a partner order from the {@code orders} stream. */
public record OrderEvent(
        String eventId,
        Instant eventTime,
        String orderId,
        String channelId,
        String partnerId,
        OrderStatus status) {}
