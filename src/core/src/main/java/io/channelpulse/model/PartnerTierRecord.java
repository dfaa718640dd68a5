package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A record on the {@code partner-tiers} topic (replay: {@code partner-tiers.jsonl}), written at each
 * close of a business month. {@code TIER} rows make up the full table of that close, one per
 * partner; a {@code TIER_CHANGED} record follows for every partner whose published tier changed.
 *
 * @param kind {@code TIER} or {@code TIER_CHANGED}
 * @param period the closed month, {@code YYYY-MM}
 * @param eventTime the month's close instant
 * @param scope what the partner was ranked within: {@code ALL}, or its channel type
 * @param publishedTier the tier in force after this close
 * @param computedTier the tier its rank gives at this close; null when it had no revenue in the window
 * @param pendingTier a computed tier that differs from the published one, and {@code pendingCount}
 *     the consecutive closes it has been computed (it is published at {@code economics.tiering.hysteresis-months})
 * @param fromTier for {@code TIER_CHANGED}: the tier before
 * @param toTier for {@code TIER_CHANGED}: the tier after
 * @param revenue trailing revenue over the window's closed months (exact)
 * @param windowMonths how many closed months the revenue covers (fewer at the start of the history)
 * @param rank the competition rank (equal revenue, equal rank) among {@code ranked} partners; null when unranked
 */
public record PartnerTierRecord(
        String kind,
        String period,
        Instant eventTime,
        String partnerId,
        String channelId,
        ChannelType channelType,
        String scope,
        PartnerTier publishedTier,
        PartnerTier computedTier,
        PartnerTier pendingTier,
        Integer pendingCount,
        PartnerTier fromTier,
        PartnerTier toTier,
        BigDecimal revenue,
        int windowMonths,
        Integer rank,
        int ranked) {

    public static final String TIER = "TIER";
    public static final String TIER_CHANGED = "TIER_CHANGED";
}
