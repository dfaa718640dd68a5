package io.channelpulse.detect.diversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.channelpulse.detect.price.BelowGuideCondition;
import io.channelpulse.detect.price.PriceObservation;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.DiversionKind;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CROSS_CHANNEL_DIVERSION per batch: allocation by the first receipt in event time, diversion by
 * channel or region, one alert per diverting partner, and expiry after the horizon.
 */
class DiversionDetectorTest {

    static final Instant BEGINNING = Instant.parse("2026-11-29T08:00:00Z");
    static final Duration HORIZON = Duration.ofDays(30);
    static final String BATCH = "B-2026-001";

    /** Allocated dealer: channel ch-dealer, regions north and east. */
    static final Partner DEALER_A = partner("P-A", "ch-dealer", "north", "east");
    /** Same channel, other region. */
    static final Partner DEALER_B = partner("P-B", "ch-dealer", "south");
    /** Other channel. */
    static final Partner ONLINE_C = partner("P-C", "ch-online", "north");

    private KeyedBroadcastOperatorTestHarness<String, BatchSighting, Partner, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new DiversionDetector(HORIZON), BatchSighting::batchCode, Types.STRING,
                DiversionDetector.PARTNERS);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void firstReceiptByEventTimeAllocatesEvenWhenALaterReceiptArrivesFirst() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-online", hours(2), ONLINE_C, "north"));
        push(receipt("r-dealer", hours(1), DEALER_A, "north"));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo(Rule.CROSS_CHANNEL_DIVERSION);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.partnerId()).isEqualTo("P-C");
            assertThat(alert.batchCode()).isEqualTo(BATCH);
            assertThat(alert.eventTime()).isEqualTo(hours(2));
            assertThat(alert.details().allocatedPartnerId()).isEqualTo("P-A");
            assertThat(alert.details().allocatedChannelId()).isEqualTo("ch-dealer");
            assertThat(alert.details().kind()).isEqualTo(DiversionKind.CROSS_CHANNEL);
            assertThat(alert.details().sightingType()).isEqualTo(BatchSighting.RECEIPT);
            assertThat(alert.evidence()).containsExactly("r-dealer", "r-online");
        });
    }

    @Test
    void sightingsWaitForTheWatermark() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "north", false));

        watermark(hours(2).minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(hours(2));
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void otherRegionInTheSameChannelIsCrossRegion() throws Exception {
        partners(DEALER_A, DEALER_B);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), DEALER_B, "south", false));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.details().kind()).isEqualTo(DiversionKind.CROSS_REGION);
            assertThat(alert.details().allocatedRegions()).containsExactly("north", "east");
            assertThat(alert.regionId()).isEqualTo("south");
            assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void otherChannelInAnAuthorizedRegionIsCrossChannel() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "east", false));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).extracting(a -> a.details().kind())
                .containsExactly(DiversionKind.CROSS_CHANNEL);
    }

    @Test
    void otherChannelAndOtherRegionIsCrossChannel() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "south", false));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).extracting(a -> a.details().kind())
                .containsExactly(DiversionKind.CROSS_CHANNEL);
    }

    @Test
    void otherPartnerInTheAllocatedChannelAndAnAuthorizedRegionIsNotDiversion() throws Exception {
        Partner dealerEast = partner("P-E", "ch-dealer", "east");
        partners(DEALER_A, dealerEast);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), dealerEast, "east", false));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(diverted()).isEmpty();
    }

    @Test
    void unknownPartnerFallsBackToTheReceiptsChannelAndRegion() throws Exception {
        // no partner reference data at all
        push(receipt("r-1", hours(1), "P-X", "ch-dealer", "north"));
        push(sale("s-same", hours(2), "P-Y", "ch-dealer", "north", false));
        push(sale("s-east", hours(3), "P-Z", "ch-dealer", "east", false));

        watermark(hours(4));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.partnerId()).isEqualTo("P-Z");
            assertThat(alert.details().kind()).isEqualTo(DiversionKind.CROSS_REGION);
            assertThat(alert.details().allocatedChannelId()).isEqualTo("ch-dealer");
            assertThat(alert.details().allocatedRegions()).containsExactly("north");
        });
    }

    @Test
    void oneAlertPerBatchAndDivertingPartnerButEveryDivertedSightingOnTheSideOutput() throws Exception {
        Partner onlineD = partner("P-D", "ch-online", "south");
        partners(DEALER_A, ONLINE_C, onlineD);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "north", false));
        push(sale("s-2", hours(3), ONLINE_C, "north", false));
        push(sale("s-3", hours(4), onlineD, "south", false));
        push(sale("s-4", hours(5), ONLINE_C, "north", false));
        push(sale("s-own", hours(5), DEALER_A, "north", false));

        watermark(hours(6));

        assertThat(harness.extractOutputValues())
                .extracting(Alert::partnerId, Alert::eventTime)
                .containsExactly(tuple("P-C", hours(2)), tuple("P-D", hours(4)));
        assertThat(diverted()).extracting(BatchSighting::eventId)
                .containsExactly("s-1", "s-2", "s-3", "s-4");
        assertThat(harness.extractOutputValues()).extracting(Alert::alertId).doesNotHaveDuplicates();
    }

    @Test
    void theAllocatedPartnerIsNeverDivertedWhereverItSells() throws Exception {
        partners(DEALER_A);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), "P-A", "ch-online", "south", true));
        push(receipt("r-2", hours(3), "P-A", "ch-elsewhere", "west"));

        watermark(hours(4));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(diverted()).isEmpty();
    }

    @Test
    void saleBeforeAnyReceiptIsNotDivertedAndDoesNotAllocate() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(sale("s-early", hours(1), ONLINE_C, "north", false));
        push(receipt("r-1", hours(2), DEALER_A, "north"));
        push(sale("s-1", hours(3), ONLINE_C, "north", false));

        watermark(hours(4));

        assertThat(harness.extractOutputValues()).extracting(a -> a.details().allocatedPartnerId())
                .containsExactly("P-A");
        assertThat(diverted()).extracting(BatchSighting::eventId).containsExactly("s-1");
    }

    @Test
    void sightingExactlyAtTheHorizonCountsAndOneMillisecondLaterIsIgnored() throws Exception {
        Partner onlineD = partner("P-D", "ch-online", "south");
        partners(DEALER_A, ONLINE_C, onlineD);
        Instant allocatedAt = hours(1);
        push(receipt("r-1", allocatedAt, DEALER_A, "north"));
        push(sale("s-at", allocatedAt.plus(HORIZON), ONLINE_C, "north", false));
        push(sale("s-after", allocatedAt.plus(HORIZON).plusMillis(1), onlineD, "south", false));

        watermark(allocatedAt.plus(HORIZON).plus(Duration.ofDays(1)));

        assertThat(harness.extractOutputValues()).extracting(Alert::partnerId).containsExactly("P-C");
        assertThat(diverted()).extracting(BatchSighting::eventId).containsExactly("s-at");
    }

    @Test
    void receiptAfterTheHorizonStartsAFreshAllocation() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(receipt("r-2", hours(1).plus(HORIZON).plusMillis(1), ONLINE_C, "north"));
        push(sale("s-1", hours(2).plus(HORIZON), DEALER_A, "north", false));

        watermark(hours(3).plus(HORIZON));

        // P-C holds the batch now, so the original dealer selling it is the diversion
        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.partnerId()).isEqualTo("P-A");
            assertThat(alert.details().allocatedPartnerId()).isEqualTo("P-C");
        });
    }

    @Test
    void divertedSaleBelowGuideIsCritical() throws Exception {
        partners(DEALER_A, ONLINE_C);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "north", true));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.details().sightingType()).isEqualTo(BatchSighting.SALE);
            assertThat(alert.details().observedPrice()).isEqualByComparingTo("80.00");
            assertThat(alert.details().guidePrice()).isEqualByComparingTo("100.00");
        });
    }

    @Test
    void partnerUpdateBeforeTheWatermarkIsWhatTheSightingIsJudgedAgainst() throws Exception {
        partners(DEALER_A, DEALER_B);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(sale("s-1", hours(2), DEALER_B, "south", false));
        // the allocated dealer is now authorized in the south too
        partners(partner("P-A", "ch-dealer", "north", "east", "south"));

        watermark(hours(3));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void stateAndTimersAreClearedAfterTheWatermarkPassesAllocationPlusHorizon() throws Exception {
        partners(DEALER_A, ONLINE_C);
        Instant allocatedAt = hours(1);
        push(receipt("r-1", allocatedAt, DEALER_A, "north"));
        push(sale("s-1", hours(2), ONLINE_C, "north", false));
        assertThat(harness.numEventTimeTimers()).as("one buffer timer per batch, at the earliest sighting").isEqualTo(1);

        watermark(hours(2));
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(keyedStateEntries()).isEqualTo(2); // allocation and alerted partners
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the expiry

        watermark(allocatedAt.plus(HORIZON).minusMillis(1));
        assertThat(keyedStateEntries()).isEqualTo(2);

        watermark(allocatedAt.plus(HORIZON));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAllocationExpiresBetweenSightingsThatOneWatermarkReleasesTogether() throws Exception {
        partners(DEALER_A, ONLINE_C);
        Instant expiry = hours(1).plus(HORIZON);
        push(receipt("r-1", hours(1), DEALER_A, "north"));
        push(receipt("r-2", expiry.plusMillis(1), ONLINE_C, "north"));
        push(sale("s-1", expiry.plusMillis(2), DEALER_A, "north", false));
        assertThat(harness.numEventTimeTimers()).as("one buffer timer for the batch").isEqualTo(1);

        watermark(expiry.plusMillis(2));

        // As with one timer per timestamp: r-1's allocation expired before r-2, which allocates
        // afresh, so the dealer's sale is the diversion (not the online receipt).
        assertThat(harness.extractOutputStreamRecords()).singleElement().satisfies(record -> {
            assertThat(record.getValue().partnerId()).isEqualTo("P-A");
            assertThat(record.getValue().details().allocatedPartnerId()).isEqualTo("P-C");
            assertThat(record.getTimestamp()).isEqualTo(expiry.plusMillis(2).toEpochMilli());
        });
    }

    // ---- builders ----------------------------------------------------------------------------

    static Partner partner(String id, String channelId, String... regions) {
        return new Partner(id, channelId, ChannelType.DEALER, List.of(regions), PartnerTier.CORE, id);
    }

    static Instant hours(int n) {
        return BEGINNING.plus(Duration.ofHours(n));
    }

    static BatchSighting receipt(String eventId, Instant at, Partner by, String regionId) {
        return receipt(eventId, at, by.partnerId(), by.channelId(), regionId);
    }

    static BatchSighting receipt(String eventId, Instant at, String partnerId, String channelId, String regionId) {
        return new BatchSighting(eventId, at, BATCH, BatchSighting.RECEIPT, channelId, partnerId,
                "outlet-" + partnerId, regionId, "SKU-1", null, null, null, false);
    }

    static BatchSighting sale(String eventId, Instant at, Partner by, String regionId, boolean belowGuide) {
        return sale(eventId, at, by.partnerId(), by.channelId(), regionId, belowGuide);
    }

    /** A sale as the job builds it: an observation checked against a guide of 100.00. */
    static BatchSighting sale(
            String eventId, Instant at, String partnerId, String channelId, String regionId, boolean belowGuide) {
        PriceObservation sold = new PriceObservation(eventId, at, channelId, partnerId,
                "outlet-" + partnerId, regionId, "SKU-1", new BigDecimal(belowGuide ? "80.00" : "99.00"),
                "CNY", PriceObservation.POS, BATCH);
        GuidePrice guide = new GuidePrice("SKU-1", new BigDecimal("100.00"), "CNY", BEGINNING);
        return BatchSighting.sale(
                new BelowGuideCondition(new BigDecimal("0.05"), new BigDecimal("0.15")).check(sold, guide));
    }

    private void partners(Partner... partners) throws Exception {
        for (Partner partner : partners) {
            harness.processBroadcastElement(partner, BEGINNING.toEpochMilli());
        }
    }

    private void push(BatchSighting sighting) throws Exception {
        harness.processElement(sighting, sighting.eventTime().toEpochMilli());
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(new Watermark(at.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(at.toEpochMilli()));
    }

    private List<BatchSighting> diverted() {
        var side = harness.getSideOutput(DiversionDetector.DIVERTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }
}
