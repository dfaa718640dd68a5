package io.channelpulse.detect.sla;

import java.time.Instant;

/** The first answer to an order, on time or late; feeds the response-time KPIs. */
public record OrderResponse(
        String orderId,
        String channelId,
        Instant createdAt,
        Instant respondedAt,
        long responseSeconds,
        boolean onTime) {}
