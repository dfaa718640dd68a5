package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A record on the {@code channel-economics} topic (replay: {@code channel-economics.jsonl}): one
 * channel's closed business month against all channels'. Written at each close for every channel
 * with sales or costs in the month. Shares are rounded to 6 places for reading; the
 * INEFFICIENT_CHANNEL rule compares the exact amounts.
 *
 * @param salesShare revenue ÷ totalRevenue, null when totalRevenue ≤ 0
 * @param costShare cost ÷ totalCost, null when totalCost ≤ 0
 * @param inefficient whether INEFFICIENT_CHANNEL holds for this month
 */
public record ChannelEconomics(
        String period,
        Instant eventTime,
        String channelId,
        ChannelType channelType,
        BigDecimal revenue,
        BigDecimal cost,
        BigDecimal salesShare,
        BigDecimal costShare,
        BigDecimal totalRevenue,
        BigDecimal totalCost,
        int partners,
        int outlets,
        boolean inefficient) {}
