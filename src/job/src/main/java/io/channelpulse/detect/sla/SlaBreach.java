package io.channelpulse.detect.sla;

import java.time.Instant;

/** An order that was neither answered nor cancelled by its deadline (CREATED + SLA). */
public record SlaBreach(
        String orderId,
        String channelId,
        String partnerId,
        String createdEventId,
        Instant createdAt,
        Instant deadline) {}
