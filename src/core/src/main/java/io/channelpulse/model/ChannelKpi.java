package io.channelpulse.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * KPIs of one channel over one event-time tumbling window [windowStart, windowEnd). Emitted once,
 * when the watermark passes the window end, for windows that had any input. Null fields (no price
 * checks, no answered orders, unknown channel type) are written as JSON null, not omitted.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChannelKpi(
        String channelId,
        ChannelType channelType,
        Instant windowStart,
        Instant windowEnd,
        long transactions,
        long unitsSold,
        BigDecimal revenue,
        long priceChecks,
        long belowGuide,
        Double priceComplianceRate,
        long uncheckedPrices,
        long ordersCreated,
        long ordersAnswered,
        Long responseTimeP50Seconds,
        Long responseTimeP95Seconds,
        long slaBreaches,
        long stockOutSnapshots,
        long divertedSightings) {

    /** This KPI with the channel type filled in from partner reference data. */
    public ChannelKpi withChannelType(ChannelType type) {
        return new ChannelKpi(
                channelId, type, windowStart, windowEnd, transactions, unitsSold, revenue,
                priceChecks, belowGuide, priceComplianceRate, uncheckedPrices, ordersCreated,
                ordersAnswered, responseTimeP50Seconds, responseTimeP95Seconds, slaBreaches,
                stockOutSnapshots, divertedSightings);
    }
}
