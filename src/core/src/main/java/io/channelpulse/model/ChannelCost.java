package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One booked cost from the {@code channel-costs} stream. {@code eventTime} is when it was booked;
 * {@code period} is the business month it belongs to, as {@code YYYY-MM} (a string, not a
 * YearMonth, so the record stays a Flink POJO). A negative {@code amount} corrects an earlier
 * booking. {@code partnerId} and {@code outletId} are null for costs of the channel as a whole.
 */
public record ChannelCost(
        String eventId,
        Instant eventTime,
        String period,
        String channelId,
        String partnerId,
        String outletId,
        CostCategory category,
        BigDecimal amount,
        String currency) {}
