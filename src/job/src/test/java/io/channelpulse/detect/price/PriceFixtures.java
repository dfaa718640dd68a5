package io.channelpulse.detect.price;

import io.channelpulse.model.GuidePrice;
import java.math.BigDecimal;
import java.time.Instant;

/** Fixed-clock builders for price observations and guide prices of one SKU at one outlet. */
final class PriceFixtures {

    static final Instant BEGINNING = Instant.parse("2026-11-29T08:00:00Z");
    static final String SKU = "SKU-1";
    static final BelowGuideCondition CONDITION =
            new BelowGuideCondition(new BigDecimal("0.05"), new BigDecimal("0.15"));

    private PriceFixtures() {}

    static PriceObservation observation(String eventId, Instant at, String price) {
        return new PriceObservation(eventId, at, "ch-dealer", "partner-1", "outlet-1", "north", SKU,
                new BigDecimal(price), "CNY", "SHELF", null);
    }

    static GuidePrice guide(String price, Instant effectiveFrom) {
        return new GuidePrice(SKU, new BigDecimal(price), "CNY", effectiveFrom);
    }

    /** The observation judged against the guide, as {@link GuidePriceLookup} would emit it. */
    static CheckedPrice checked(String eventId, Instant at, String price, String guidePrice) {
        return CONDITION.check(observation(eventId, at, price), guide(guidePrice, BEGINNING.minusSeconds(86_400)));
    }
}
