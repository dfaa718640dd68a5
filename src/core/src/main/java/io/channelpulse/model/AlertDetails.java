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
        String resolution) {

    public static AlertDetails price(
            BigDecimal observedPrice,
            BigDecimal guidePrice,
            BigDecimal discount,
            String currency,
            String priceSource) {
        return new AlertDetails(
                observedPrice, guidePrice, discount, currency, priceSource, null, null, null, null,
                null, null, null, null, null, null);
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
                allocatedChannelId, allocatedRegions, sightingType, null, null, null, null, null);
    }

    /** These details with a resolution (why a RESOLVED alert ended). */
    public AlertDetails withResolution(String why) {
        return new AlertDetails(observedPrice, guidePrice, discount, currency, priceSource, kind,
                allocatedPartnerId, allocatedChannelId, allocatedRegions, sightingType, createdAt,
                deadline, respondedAt, responseSeconds, why);
    }

    public static AlertDetails sla(
            Instant createdAt,
            Instant deadline,
            Instant respondedAt,
            Long responseSeconds,
            String resolution) {
        return new AlertDetails(
                null, null, null, null, null, null, null, null, null, null, createdAt, deadline,
                respondedAt, responseSeconds, resolution);
    }
}
