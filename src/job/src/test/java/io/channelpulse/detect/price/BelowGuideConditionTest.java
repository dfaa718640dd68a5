package io.channelpulse.detect.price;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.GuidePrice;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The price rule at its boundaries, in exact decimal arithmetic (threshold 5%, critical 15%). */
class BelowGuideConditionTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-29T08:00:00Z");
    private static final BelowGuideCondition RULE =
            new BelowGuideCondition(new BigDecimal("0.05"), new BigDecimal("0.15"));

    private static PriceObservation observed(String price) {
        return observed(price, "CNY");
    }

    private static PriceObservation observed(String price, String currency) {
        return new PriceObservation(
                "p-1", BEGINNING, "CH-ONLINE", "P-ONLINE-1", "O-1", "R-EAST", "SKU-1",
                new BigDecimal(price), currency, "WEB", null);
    }

    private static GuidePrice guide(String price) {
        return guide(price, "CNY");
    }

    private static GuidePrice guide(String price, String currency) {
        return new GuidePrice("SKU-1", new BigDecimal(price), currency, BEGINNING.minusSeconds(86_400));
    }

    @Test
    void exactlyThresholdBelowGuideIsCompliant() {
        CheckedPrice checked = RULE.check(observed("95.00"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(checked.isBelowGuide()).isFalse();
        assertThat(checked.critical()).isFalse();
        assertThat(checked.discount()).isEqualByComparingTo("0.05");
    }

    @Test
    void oneCentPastThresholdIsBelowGuideButNotCritical() {
        CheckedPrice checked = RULE.check(observed("94.99"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.BELOW_GUIDE);
        assertThat(checked.isBelowGuide()).isTrue();
        assertThat(checked.critical()).isFalse();
        assertThat(checked.discount()).isEqualByComparingTo("0.0501");
        assertThat(checked.guidePrice()).isEqualByComparingTo("100.00");
        assertThat(checked.guideCurrency()).isEqualTo("CNY");
        assertThat(checked.observation().price()).isEqualByComparingTo("94.99");
    }

    @Test
    void exactlyCriticalThresholdBelowGuideIsABreachButNotCritical() {
        CheckedPrice checked = RULE.check(observed("85.00"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.BELOW_GUIDE);
        assertThat(checked.critical()).isFalse();
        assertThat(checked.discount()).isEqualByComparingTo("0.15");
    }

    @Test
    void oneCentPastCriticalThresholdIsCritical() {
        CheckedPrice checked = RULE.check(observed("84.99"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.BELOW_GUIDE);
        assertThat(checked.critical()).isTrue();
        assertThat(checked.discount()).isEqualByComparingTo("0.1501");
    }

    @Test
    void priceAtGuideIsCompliantWithZeroDiscount() {
        CheckedPrice checked = RULE.check(observed("100"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(checked.discount()).isEqualByComparingTo("0");
    }

    @Test
    void priceAboveGuideIsCompliantWithNegativeDiscount() {
        CheckedPrice checked = RULE.check(observed("110.00"), guide("100.00"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(checked.critical()).isFalse();
        assertThat(checked.discount()).isNegative().isEqualByComparingTo("-0.10");
    }

    @Test
    void noGuideInForceIsNotChecked() {
        CheckedPrice checked = RULE.check(observed("1.00"), null);

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.NO_GUIDE);
        assertThat(checked.verdict().isChecked()).isFalse();
        assertThat(checked.isBelowGuide()).isFalse();
        assertThat(checked.critical()).isFalse();
        assertThat(checked.guidePrice()).isNull();
        assertThat(checked.guideCurrency()).isNull();
        assertThat(checked.discount()).isNull();
    }

    @Test
    void guideInAnotherCurrencyIsNotCheckedEvenWhenFarBelow() {
        CheckedPrice checked = RULE.check(observed("1.00", "USD"), guide("100.00", "CNY"));

        assertThat(checked.verdict()).isEqualTo(PriceVerdict.CURRENCY_MISMATCH);
        assertThat(checked.verdict().isChecked()).isFalse();
        assertThat(checked.isBelowGuide()).isFalse();
        assertThat(checked.critical()).isFalse();
        assertThat(checked.guidePrice()).isEqualByComparingTo("100.00");
        assertThat(checked.guideCurrency()).isEqualTo("CNY");
        assertThat(checked.discount()).isNull();
    }

    @Test
    void nonRoundGuideFloorIsComputedExactly() {
        // 33.33 x 0.95 = 31.6635 exactly; in binary floating point it is 31.663499999999996.
        assertThat(RULE.check(observed("31.6635"), guide("33.33")).verdict())
                .isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(RULE.check(observed("31.6634"), guide("33.33")).verdict())
                .isEqualTo(PriceVerdict.BELOW_GUIDE);
        assertThat(RULE.check(observed("31.67"), guide("33.33")).verdict())
                .isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(RULE.check(observed("31.66"), guide("33.33")).verdict())
                .isEqualTo(PriceVerdict.BELOW_GUIDE);
    }

    @Test
    void nonRoundGuideCriticalFloorIsComputedExactly() {
        // 33.33 x 0.85 = 28.3305 exactly.
        CheckedPrice atCritical = RULE.check(observed("28.3305"), guide("33.33"));
        CheckedPrice pastCritical = RULE.check(observed("28.3304"), guide("33.33"));

        assertThat(atCritical.isBelowGuide()).isTrue();
        assertThat(atCritical.critical()).isFalse();
        assertThat(pastCritical.isBelowGuide()).isTrue();
        assertThat(pastCritical.critical()).isTrue();
    }

    @Test
    void floatingPointFloorWouldDisagreeWithTheExactRule() {
        // Guard for the fixture above: the exact boundary is one a double-based rule gets wrong.
        assertThat(33.33 * 0.95).isNotEqualTo(31.6635);
        assertThat(RULE.check(observed("31.6635"), guide("33.33")).isBelowGuide()).isFalse();
    }

    @Test
    void scaleOfPriceAndGuideDoesNotMatter() {
        assertThat(RULE.check(observed("95"), guide("100.0000")).verdict())
                .isEqualTo(PriceVerdict.COMPLIANT);
        assertThat(RULE.check(observed("94.9999"), guide("100")).verdict())
                .isEqualTo(PriceVerdict.BELOW_GUIDE);
    }

    @Test
    void thresholdsComeFromTheConstructor() {
        BelowGuideCondition strict = new BelowGuideCondition(new BigDecimal("0.01"), new BigDecimal("0.02"));

        CheckedPrice checked = strict.check(observed("97.99"), guide("100.00"));

        assertThat(checked.isBelowGuide()).isTrue();
        assertThat(checked.critical()).isTrue();
        assertThat(strict.check(observed("99.00"), guide("100.00")).isBelowGuide()).isFalse();
    }
}
