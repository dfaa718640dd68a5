package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/** One point-of-sale line from the {@code pos-sales} stream. */
public record PosSale(
        String eventId,
        Instant eventTime,
        String channelId,
        String partnerId,
        String outletId,
        String regionId,
        String sku,
        int quantity,
        BigDecimal unitPrice,
        String currency,
        String batchCode) {}
