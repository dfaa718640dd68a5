package io.channelpulse.detect.price;

import static io.channelpulse.detect.price.PriceFixtures.BEGINNING;
import static io.channelpulse.detect.price.PriceFixtures.CONDITION;
import static io.channelpulse.detect.price.PriceFixtures.SKU;
import static io.channelpulse.detect.price.PriceFixtures.guide;
import static io.channelpulse.detect.price.PriceFixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.GuidePrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event-time temporal join of observations with guide versions, driven by watermarks. */
class GuidePriceLookupTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, PriceObservation, GuidePrice, CheckedPrice> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new GuidePriceLookup(CONDITION), PriceObservation::sku, GuidePrice::sku, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void guideArrivingAfterTheObservationButBeforeTheWatermarkIsUsed() throws Exception {
        Instant at = BEGINNING.plus(Duration.ofMinutes(10));
        observe(observation("o-1", at, "80.00"));
        addGuide(guide("100.00", BEGINNING));

        watermark(at);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(checked -> {
            assertThat(checked.verdict()).isEqualTo(PriceVerdict.BELOW_GUIDE);
            assertThat(checked.guidePrice()).isEqualByComparingTo("100.00");
            assertThat(checked.discount()).isEqualByComparingTo("0.20");
            assertThat(checked.critical()).isTrue();
        });
    }

    @Test
    void observationsBeforeAndAfterAGuideChangeGetTheGuideInForceAtTheirTime() throws Exception {
        Instant change = BEGINNING.plus(Duration.ofHours(2));
        addGuide(guide("100.00", BEGINNING));
        addGuide(guide("80.00", change));
        observe(observation("o-before", change.minusMillis(1), "90.00"));
        observe(observation("o-after", change.plusSeconds(60), "90.00"));

        watermark(change.plus(Duration.ofHours(1)));

        assertThat(harness.extractOutputValues())
                .extracting(c -> c.observation().eventId(), CheckedPrice::guidePrice, CheckedPrice::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("o-before", new BigDecimal("100.00"), PriceVerdict.BELOW_GUIDE),
                        org.assertj.core.groups.Tuple.tuple("o-after", new BigDecimal("80.00"), PriceVerdict.COMPLIANT));
    }

    @Test
    void observationExactlyAtEffectiveFromUsesTheNewGuide() throws Exception {
        Instant change = BEGINNING.plus(Duration.ofHours(2));
        addGuide(guide("100.00", BEGINNING));
        addGuide(guide("80.00", change));
        observe(observation("o-1", change, "79.00"));

        watermark(change);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(checked -> {
            assertThat(checked.guidePrice()).isEqualByComparingTo("80.00");
            assertThat(checked.verdict()).isEqualTo(PriceVerdict.COMPLIANT);
        });
    }

    @Test
    void guideEffectiveOnlyAfterTheObservationIsNotUsed() throws Exception {
        Instant at = BEGINNING.plus(Duration.ofMinutes(10));
        addGuide(guide("100.00", at.plusMillis(1)));
        observe(observation("o-1", at, "10.00"));

        watermark(at.plusSeconds(60));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(checked -> {
            assertThat(checked.verdict()).isEqualTo(PriceVerdict.NO_GUIDE);
            assertThat(checked.guidePrice()).isNull();
            assertThat(checked.discount()).isNull();
        });
    }

    @Test
    void observationWithoutAnyGuideIsNoGuide() throws Exception {
        observe(observation("o-1", BEGINNING, "10.00"));

        watermark(BEGINNING);

        assertThat(harness.extractOutputValues()).extracting(CheckedPrice::verdict)
                .containsExactly(PriceVerdict.NO_GUIDE);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void outputOnlyWhenTheWatermarkReachesTheObservationTime() throws Exception {
        Instant at = BEGINNING.plus(Duration.ofMinutes(10));
        addGuide(guide("100.00", BEGINNING));
        observe(observation("o-1", at, "99.00"));

        watermark(at.minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(at);
        assertThat(harness.extractOutputValues()).extracting(CheckedPrice::verdict)
                .containsExactly(PriceVerdict.COMPLIANT);
    }

    @Test
    void observationsAtTheSameInstantAreEmittedInEventIdOrderWhateverTheArrivalOrder() throws Exception {
        addGuide(guide("100.00", BEGINNING));
        observe(observation("o-b", BEGINNING.plusSeconds(1), "99.00"));
        observe(observation("o-a", BEGINNING.plusSeconds(1), "50.00"));
        observe(observation("o-c", BEGINNING.plusSeconds(1), "100.00"));

        watermark(BEGINNING.plusSeconds(1));

        assertThat(harness.extractOutputValues()).extracting(c -> c.observation().eventId())
                .containsExactly("o-a", "o-b", "o-c");
    }

    @Test
    void supersededVersionsArePrunedWhenTheNewOneTakesForceEvenWithoutObservations() throws Exception {
        addGuide(guide("100.00", BEGINNING));
        addGuide(guide("95.00", BEGINNING.plus(Duration.ofHours(1))));
        addGuide(guide("90.00", BEGINNING.plus(Duration.ofHours(2))));

        watermark(BEGINNING.plus(Duration.ofHours(2)).minusMillis(1));
        assertThat(guideVersionsInState()).containsExactly(
                BEGINNING.plus(Duration.ofHours(1)).toEpochMilli(), BEGINNING.plus(Duration.ofHours(2)).toEpochMilli());

        watermark(BEGINNING.plus(Duration.ofHours(2)));
        assertThat(guideVersionsInState()).containsExactly(BEGINNING.plus(Duration.ofHours(2)).toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void afterTheWatermarkOnlyTheCurrentGuideVersionRemains() throws Exception {
        addGuide(guide("100.00", BEGINNING));
        addGuide(guide("95.00", BEGINNING.plus(Duration.ofHours(1))));
        addGuide(guide("90.00", BEGINNING.plus(Duration.ofHours(2))));
        Instant future = BEGINNING.plus(Duration.ofHours(5));
        addGuide(guide("85.00", future));
        observe(observation("o-1", BEGINNING.plus(Duration.ofMinutes(30)), "99.00"));
        observe(observation("o-2", BEGINNING.plus(Duration.ofHours(3)), "89.00"));
        // one timer per guide version (pruning when it takes force) and one for the observations
        assertThat(harness.numEventTimeTimers()).isEqualTo(5);

        watermark(BEGINNING.plus(Duration.ofHours(4)));

        assertThat(harness.extractOutputValues()).extracting(CheckedPrice::guidePrice)
                .containsExactly(new BigDecimal("100.00"), new BigDecimal("90.00"));
        assertThat(harness.numEventTimeTimers()).as("only the future version's").isEqualTo(1);
        // one entry per state per key: the guide versions; the waiting observations are gone
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(guideVersionsInState()).containsExactly(
                BEGINNING.plus(Duration.ofHours(2)).toEpochMilli(), future.toEpochMilli());
    }

    @Test
    void stateStaysSmallAndConstantAcrossManyGuideChanges() throws Exception {
        List<Integer> entries = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            Instant from = BEGINNING.plus(Duration.ofHours(hour));
            addGuide(guide(String.valueOf(100 - hour) + ".00", from));
            observe(observation("o-" + hour, from.plusSeconds(60), "99.00"));
            watermark(from.plusSeconds(60));
            entries.add(harness.numKeyedStateEntries());
            assertThat(guideVersionsInState()).containsExactly(from.toEpochMilli());
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        assertThat(entries).containsOnly(1);
        assertThat(harness.extractOutputValues()).hasSize(6);
    }

    @Test
    void observationsWaitingForOneWatermarkShareOneTimerAndKeepTheirOwnTimestamps() throws Exception {
        addGuide(guide("100.00", BEGINNING));
        harness.processBothWatermarks(new Watermark(BEGINNING.toEpochMilli()));
        assertThat(harness.numEventTimeTimers()).isZero();
        for (int i = 0; i < 50; i++) {
            observe(observation(String.format("o-%02d", i), BEGINNING.plusSeconds(1 + i), "99.00"));
        }
        assertThat(harness.numEventTimeTimers()).as("one per SKU, not one per observation").isEqualTo(1);

        watermark(BEGINNING.plusSeconds(25));
        assertThat(harness.extractOutputValues()).hasSize(25);
        assertThat(harness.numEventTimeTimers()).as("re-armed at the earliest observation left").isEqualTo(1);

        watermark(BEGINNING.plusSeconds(50));
        assertThat(harness.extractOutputStreamRecords())
                .as("in event-time order, each stamped with its own time as a timer per timestamp did")
                .allSatisfy(r -> assertThat(r.getTimestamp())
                        .isEqualTo(r.getValue().observation().eventTime().toEpochMilli()))
                .extracting(r -> r.getValue().observation().eventId())
                .isSortedAccordingTo(String::compareTo)
                .hasSize(50);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the guide version").isEqualTo(1);
    }

    @Test
    void anEarlierObservationMovesTheTimerForwardAndTheSupersededOneFiresHarmlessly() throws Exception {
        addGuide(guide("100.00", BEGINNING));
        harness.processBothWatermarks(new Watermark(BEGINNING.toEpochMilli()));
        observe(observation("o-late", BEGINNING.plusSeconds(30), "99.00"));
        observe(observation("o-early", BEGINNING.plusSeconds(10), "50.00"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        watermark(BEGINNING.plusSeconds(10));
        assertThat(harness.extractOutputValues()).extracting(c -> c.observation().eventId())
                .containsExactly("o-early");
        assertThat(harness.numEventTimeTimers()).as("the superseded timer, still registered").isEqualTo(1);

        watermark(BEGINNING.plusSeconds(30));
        assertThat(harness.extractOutputValues()).extracting(c -> c.observation().eventId())
                .containsExactly("o-early", "o-late");
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the guide version").isEqualTo(1);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void observe(PriceObservation observation) throws Exception {
        harness.processElement1(observation, observation.eventTime().toEpochMilli());
    }

    private void addGuide(GuidePrice guide) throws Exception {
        // Guide prices do not carry a watermark timestamp of their own; effectiveFrom versions them.
        harness.processElement2(guide, guide.effectiveFrom().toEpochMilli());
    }

    private void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
    }

    /** The effectiveFrom keys of the guide versions kept for {@link PriceFixtures#SKU}. */
    private List<Long> guideVersionsInState() throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(SKU);
        MapState<Long, GuidePrice> versions = backend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("guide-versions", Types.LONG, Types.POJO(GuidePrice.class)));
        List<Long> keys = new ArrayList<>();
        versions.keys().forEach(keys::add);
        keys.sort(null);
        return keys;
    }
}
