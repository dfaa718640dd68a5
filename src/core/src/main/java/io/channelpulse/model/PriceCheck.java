package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A shelf or web price observation from the {@code prices} stream. */
public record PriceCheck(
        String eventId,
        Instant eventTime,
        String channelId,
        String partnerId,
        String outletId,
        String regionId,
        String sku,
        BigDecimal price,
        String currency,
        String source) {}
