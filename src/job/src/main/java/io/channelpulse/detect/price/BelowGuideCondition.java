package io.channelpulse.detect.price;

import io.channelpulse.model.GuidePrice;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The price-control rule, in exact decimal arithmetic: an observation breaches when
 * {@code price < guide × (1 − threshold)}. A price exactly {@code threshold} below guide does not
 * breach. A breach is critical when {@code price < guide × (1 − criticalThreshold)}.
 */
public final class BelowGuideCondition implements Serializable {

    private final BigDecimal floorFactor;
    private final BigDecimal criticalFactor;

    public BelowGuideCondition(BigDecimal threshold, BigDecimal criticalThreshold) {
        this.floorFactor = BigDecimal.ONE.subtract(threshold);
        this.criticalFactor = BigDecimal.ONE.subtract(criticalThreshold);
    }

    public CheckedPrice check(PriceObservation observation, GuidePrice guide) {
        if (guide == null) {
            return new CheckedPrice(observation, null, null, PriceVerdict.NO_GUIDE, null, false);
        }
        BigDecimal guidePrice = guide.guidePrice();
        if (!guide.currency().equals(observation.currency())) {
            return new CheckedPrice(
                    observation, guidePrice, guide.currency(), PriceVerdict.CURRENCY_MISMATCH, null, false);
        }
        BigDecimal price = observation.price();
        BigDecimal discount = guidePrice.subtract(price).divide(guidePrice, 4, RoundingMode.HALF_EVEN);
        boolean breach = price.compareTo(guidePrice.multiply(floorFactor)) < 0;
        boolean critical = breach && price.compareTo(guidePrice.multiply(criticalFactor)) < 0;
        return new CheckedPrice(
                observation,
                guidePrice,
                guide.currency(),
                breach ? PriceVerdict.BELOW_GUIDE : PriceVerdict.COMPLIANT,
                discount,
                critical);
    }
}
