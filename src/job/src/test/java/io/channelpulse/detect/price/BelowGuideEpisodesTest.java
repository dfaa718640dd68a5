package io.channelpulse.detect.price;

import static io.channelpulse.detect.price.PriceFixtures.BEGINNING;
import static io.channelpulse.detect.price.PriceFixtures.CONDITION;
import static io.channelpulse.detect.price.PriceFixtures.checked;
import static io.channelpulse.detect.price.PriceFixtures.guide;
import static io.channelpulse.detect.price.PriceFixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PRICE_BELOW_GUIDE episodes: FIRING at the first breach, RESOLVED at the first compliant price. */
class BelowGuideEpisodesTest {

    private static final Duration TIMEOUT = Duration.ofDays(30);
    /** An open episode keeps its alert, the time of its latest observation and its timeout timer. */
    private static final int OPEN_EPISODE_STATE = 3;

    private KeyedOneInputStreamOperatorTestHarness<String, CheckedPrice, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new BelowGuideEpisodes(TIMEOUT), BelowGuideEpisodes.KEY, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void firstBreachFiresAndFurtherBreachesAreSilent() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(checked("o-2", minutes(2), "91.00", "100.00"));
        push(checked("o-3", minutes(3), "70.00", "100.00"));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.rule()).isEqualTo(Rule.PRICE_BELOW_GUIDE);
            assertThat(alert.severity()).isEqualTo(Severity.WARNING);
            assertThat(alert.eventTime()).isEqualTo(minutes(1));
            assertThat(alert.sku()).isEqualTo(PriceFixtures.SKU);
            assertThat(alert.outletId()).isEqualTo("outlet-1");
            assertThat(alert.evidence()).containsExactly("o-1");
            assertThat(alert.details().observedPrice()).isEqualByComparingTo("90.00");
            assertThat(alert.details().guidePrice()).isEqualByComparingTo("100.00");
            assertThat(alert.details().discount()).isEqualByComparingTo("0.10");
        });
        assertThat(harness.numKeyedStateEntries()).isEqualTo(OPEN_EPISODE_STATE);
    }

    @Test
    void priceExactlyAtTheThresholdIsCompliantAndOpensNothing() throws Exception {
        push(checked("o-1", minutes(1), "95.00", "100.00"));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void firstCompliantPriceResolvesUnderTheSameAlertIdAndClearsState() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(checked("o-2", minutes(2), "90.00", "100.00"));
        push(checked("o-3", minutes(3), "99.00", "100.00"));

        assertThat(harness.extractOutputValues()).hasSize(2);
        Alert firing = harness.extractOutputValues().get(0);
        Alert resolved = harness.extractOutputValues().get(1);
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(firing.alertId());
        assertThat(resolved.eventTime()).isEqualTo(minutes(3));
        assertThat(resolved.severity()).isEqualTo(firing.severity());
        assertThat(resolved.evidence()).containsExactly("o-1", "o-3");
        assertThat(resolved.details().observedPrice()).isEqualByComparingTo("99.00");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void nextBreachAfterResolutionOpensANewEpisodeWithANewAlertId() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(checked("o-2", minutes(2), "100.00", "100.00"));
        push(checked("o-3", minutes(3), "90.00", "100.00"));

        assertThat(harness.extractOutputValues())
                .extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED, AlertStatus.FIRING);
        Alert first = harness.extractOutputValues().get(0);
        Alert second = harness.extractOutputValues().get(2);
        assertThat(second.alertId()).isNotEqualTo(first.alertId());
        assertThat(second.evidence()).containsExactly("o-3");
    }

    @Test
    void alertIdIsStableForTheSameFirstBreach() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        String alertId = harness.extractOutputValues().get(0).alertId();

        try (var again = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new BelowGuideEpisodes(TIMEOUT), BelowGuideEpisodes.KEY, Types.STRING)) {
            again.processElement(checked("o-1", minutes(1), "90.00", "100.00"), minutes(1).toEpochMilli());
            assertThat(again.extractOutputValues()).extracting(Alert::alertId).containsExactly(alertId);
        }
    }

    @Test
    void uncheckedVerdictsNeitherResolveNorOpenAnEpisode() throws Exception {
        CheckedPrice noGuide = CONDITION.check(observation("o-0", minutes(0), "1.00"), null);
        push(noGuide);
        assertThat(harness.extractOutputValues()).isEmpty();

        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(CONDITION.check(observation("o-2", minutes(2), "100.00"), null));
        GuidePrice inEuro = new GuidePrice(PriceFixtures.SKU, new BigDecimal("100.00"), "EUR", BEGINNING);
        CheckedPrice mismatch = CONDITION.check(observation("o-3", minutes(3), "100.00"), inEuro);
        assertThat(mismatch.verdict()).isEqualTo(PriceVerdict.CURRENCY_MISMATCH);
        push(mismatch);

        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(OPEN_EPISODE_STATE);
    }

    @Test
    void criticalBreachFiresWithCriticalSeverity() throws Exception {
        CheckedPrice critical = checked("o-1", minutes(1), "84.99", "100.00");
        assertThat(critical.critical()).isTrue();

        push(critical);

        assertThat(harness.extractOutputValues()).extracting(Alert::severity)
                .containsExactly(Severity.CRITICAL);
    }

    @Test
    void breachExactlyAtTheCriticalThresholdIsOnlyAWarning() throws Exception {
        push(checked("o-1", minutes(1), "85.00", "100.00"));

        assertThat(harness.extractOutputValues()).extracting(Alert::severity)
                .containsExactly(Severity.WARNING);
    }

    @Test
    void episodesAreSeparatePerOutlet() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        PriceObservation otherOutlet = new PriceObservation("o-2", minutes(2), "ch-dealer", "partner-1",
                "outlet-2", "north", PriceFixtures.SKU, new BigDecimal("99.00"), "CNY", "SHELF", null);
        push(CONDITION.check(otherOutlet, guide("100.00", BEGINNING)));

        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(OPEN_EPISODE_STATE);
    }

    @Test
    void openEpisodeWithNoObservationForTheTimeoutResolvesAsTimedOutAndLeavesNoState() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(minutes(1).plus(TIMEOUT).toEpochMilli() - 1);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.processWatermark(minutes(1).plus(TIMEOUT).toEpochMilli());
        assertThat(harness.extractOutputValues()).last().satisfies(resolved -> {
            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.details().resolution()).isEqualTo(BelowGuideEpisodes.TIMED_OUT);
            assertThat(resolved.eventTime()).isEqualTo(minutes(1).plus(TIMEOUT));
            assertThat(resolved.alertId()).isEqualTo(harness.extractOutputValues().get(0).alertId());
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void laterObservationsOfTheKeyPostponeTheTimeout() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(checked("o-2", minutes(1).plus(Duration.ofDays(20)), "91.00", "100.00"));

        harness.processWatermark(minutes(1).plus(TIMEOUT).toEpochMilli());
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        assertThat(harness.numEventTimeTimers()).as("the timer moved to the new due time").isEqualTo(1);

        harness.processWatermark(minutes(1).plus(Duration.ofDays(50)).toEpochMilli());
        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void compliantPriceResolvesWithResolutionCompliantAndDeletesTheTimer() throws Exception {
        push(checked("o-1", minutes(1), "90.00", "100.00"));
        push(checked("o-2", minutes(2), "100.00", "100.00"));

        assertThat(harness.extractOutputValues()).last().satisfies(resolved ->
                assertThat(resolved.details().resolution()).isEqualTo(BelowGuideEpisodes.COMPLIANT));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Instant minutes(int n) {
        return BEGINNING.plus(Duration.ofMinutes(n));
    }

    private void push(CheckedPrice checked) throws Exception {
        harness.processElement(checked, checked.observation().eventTime().toEpochMilli());
    }
}
