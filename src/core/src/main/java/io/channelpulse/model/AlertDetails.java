package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Rule-specific facts of an alert. Each rule fills the fields that apply to it and leaves the rest
 * null; the JSON form omits nulls.
 */
public record AlertDetails(
        // PRICE_BELOW_GUIDE (and the sighting price of a diversion)
        BigDecimal observedPrice,
        BigDecimal guidePrice,
        BigDecimal discount,
        String currency,
        String priceSource,
        // CROSS_CHANNEL_DIVERSION
        DiversionKind kind,
        String allocatedPartnerId,
        String allocatedChannelId,
        List<String> allocatedRegions,
        String sightingType,
        // ORDER_RESPONSE_SLA
        Instant createdAt,
        Instant deadline,
        Instant respondedAt,
        Long responseSeconds,
        String resolution,
        // Economics (INEFFICIENT_CHANNEL, STORE_CLOSURE_CANDIDATE, PARTNER_ROI_BELOW_ONE)
        String period,
        BigDecimal revenue,
        BigDecimal cost,
        BigDecimal salesShare,
        BigDecimal costShare,
        BigDecimal totalRevenue,
        BigDecimal totalCost,
        BigDecimal roi,
        Integer windowMonths,
        List<MonthlyProfit> monthlyProfits) {

    public static AlertDetails price(
            BigDecimal observedPrice,
            BigDecimal guidePrice,
            BigDecimal discount,
            String currency,
            String priceSource) {
        return new AlertDetails(
                observedPrice, guidePrice, discount, currency, priceSource, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static AlertDetails diversion(
            DiversionKind kind,
            String allocatedPartnerId,
            String allocatedChannelId,
            List<String> allocatedRegions,
            String sightingType,
            BigDecimal observedPrice,
            BigDecimal guidePrice,
            BigDecimal discount) {
        return new AlertDetails(
                observedPrice, guidePrice, discount, null, null, kind, allocatedPartnerId,
                allocatedChannelId, allocatedRegions, sightingType, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** These details with a resolution (why a RESOLVED alert ended). */
    public AlertDetails withResolution(String why) {
        return new AlertDetails(observedPrice, guidePrice, discount, currency, priceSource, kind,
                allocatedPartnerId, allocatedChannelId, allocatedRegions, sightingType, createdAt,
                deadline, respondedAt, responseSeconds, why, period, revenue, cost, salesShare, costShare,
                totalRevenue, totalCost, roi, windowMonths, monthlyProfits);
    }

    public static AlertDetails sla(
            Instant createdAt,
            Instant deadline,
            Instant respondedAt,
            Long responseSeconds,
            String resolution) {
        return new AlertDetails(
                null, null, null, null, null, null, null, null, null, null, createdAt, deadline,
                respondedAt, responseSeconds, resolution, null, null, null, null, null, null, null, null, null, null);
    }

    /** INEFFICIENT_CHANNEL: the channel's month against all channels' (shares null when a total is not positive). */
    public static AlertDetails shares(String period, BigDecimal revenue, BigDecimal cost, BigDecimal salesShare,
            BigDecimal costShare, BigDecimal totalRevenue, BigDecimal totalCost) {
        return new AlertDetails(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                period, revenue, cost, salesShare, costShare, totalRevenue, totalCost, null, null, null);
    }

    /** STORE_CLOSURE_CANDIDATE: the months of the streak (or, resolving, the month that ended it). */
    public static AlertDetails storeMonths(String period, List<MonthlyProfit> months) {
        return new AlertDetails(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                period, null, null, null, null, null, null, null, months.size(), months);
    }

    /** PARTNER_ROI_BELOW_ONE: revenue and costs over the window's closed months, and their ratio (null when costs are not positive). */
    public static AlertDetails roi(String period, BigDecimal revenue, BigDecimal cost, BigDecimal roi, int windowMonths) {
        return new AlertDetails(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                period, revenue, cost, null, null, null, null, roi, windowMonths, null);
    }
}
