package io.channelpulse.detect.price;

import java.math.BigDecimal;

/**
 * An observation with the guide price that was in force at its event time and the verdict.
 * {@code guidePrice} and {@code discount} are null when there was no guide; {@code critical}
 * is true when the discount also exceeds the critical threshold.
 */
public record CheckedPrice(
        PriceObservation observation,
        BigDecimal guidePrice,
        String guideCurrency,
        PriceVerdict verdict,
        BigDecimal discount,
        boolean critical) {

    public boolean isBelowGuide() {
        return verdict == PriceVerdict.BELOW_GUIDE;
    }
}
