package io.channelpulse.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.job.SideOutputs;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts get their channel's type from partner reference data, in event time: an alert waits for
 * the watermark at its own time, so partner records read before the clock passes it apply whatever
 * order they arrived in, as in replay. Nothing stays behind once the watermark has passed.
 */
class AlertChannelTypeTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, Alert, Partner, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                io.channelpulse.job.Guarded.keyedCo(AlertChannelType.UID, new AlertChannelType()),
                AlertChannelType::keyOf, AlertChannelType::keyOf, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static Alert alert(String id, String channel, Instant at) {
        return new Alert(id, Rule.ORDER_RESPONSE_SLA, AlertStatus.FIRING, Severity.WARNING, at, null, channel, null,
                "P-1", null, null, null, "ORD-" + id, null, "late order",
                AlertDetails.sla(at.minus(Duration.ofDays(1)), at, null, null, null), List.of("e-" + id));
    }

    static Partner partner(String id, String channel, ChannelType type) {
        return new Partner(id, channel, type, List.of("R-EAST"), PartnerTier.CORE, id);
    }

    void alertAt(Alert a) throws Exception {
        harness.processElement1(new StreamRecord<>(a, a.eventTime().toEpochMilli()));
    }

    void partnerRecord(Partner p) throws Exception {
        harness.processElement2(new StreamRecord<>(p)); // reference data has no event time
    }

    void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
    }

    @Test
    void alertOfAChannelAPartnerNamesCarriesItsType() throws Exception {
        partnerRecord(partner("P-1", "CH-D", ChannelType.DEALER));
        alertAt(alert("a", "CH-D", T0));
        watermark(T0);

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.channelType()).isEqualTo(ChannelType.DEALER));
    }

    @Test
    void alertWaitsForTheWatermarkSoAPartnerArrivingAfterItStillApplies() throws Exception {
        alertAt(alert("a", "CH-D", T0));
        partnerRecord(partner("P-1", "CH-D", ChannelType.DEALER));
        assertThat(harness.extractOutputValues()).as("held until the watermark reaches it").isEmpty();

        watermark(T0.minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(T0);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.channelType()).isEqualTo(ChannelType.DEALER));
    }

    @Test
    void alertOfAChannelNoPartnerNamesHasNoTypeAndLeavesNoState() throws Exception {
        partnerRecord(partner("P-1", "CH-D", ChannelType.DEALER));
        alertAt(alert("a", "CH-UNKNOWN", T0));
        alertAt(alert("b", "CH-UNKNOWN", T0.plusSeconds(5)));
        watermark(T0.plusSeconds(5));

        assertThat(harness.extractOutputValues()).extracting(Alert::alertId, Alert::channelType)
                .containsExactly(org.assertj.core.api.Assertions.tuple("a", null), org.assertj.core.api.Assertions.tuple("b", null));
        // Only the partner's channel type remains: the unknown channel's alerts left nothing behind.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void bufferedAlertsOfAKnownChannelReturnToZeroOnceReleased() throws Exception {
        partnerRecord(partner("P-1", "CH-D", ChannelType.DEALER));
        for (int i = 0; i < 10; i++) {
            alertAt(alert("a" + i, "CH-D", T0.plusSeconds(i)));
        }
        assertThat(harness.numEventTimeTimers()).as("one per channel, at the earliest alert").isEqualTo(1);
        watermark(T0.plusSeconds(9));

        assertThat(harness.extractOutputValues()).hasSize(10)
                .allSatisfy(a -> assertThat(a.channelType()).isEqualTo(ChannelType.DEALER));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the channel's type").isEqualTo(1);
    }

    @Test
    void alertsOfOneChannelLeaveInEventTimeOrderAndALaterPartnerRecordReplacesTheType() throws Exception {
        partnerRecord(partner("P-1", "CH-D", ChannelType.DEALER));
        alertAt(alert("later", "CH-D", T0.plusSeconds(10)));
        alertAt(alert("earlier", "CH-D", T0));
        watermark(T0);
        partnerRecord(partner("P-1", "CH-D", ChannelType.SUPERMARKET));
        watermark(T0.plusSeconds(10));

        assertThat(harness.extractOutputValues()).extracting(Alert::alertId, Alert::channelType).containsExactly(
                org.assertj.core.api.Assertions.tuple("earlier", ChannelType.DEALER),
                org.assertj.core.api.Assertions.tuple("later", ChannelType.SUPERMARKET));
    }

    @Test
    void alertWithoutATimestampIsNotHeld() throws Exception {
        partnerRecord(partner("P-1", "CH-D", ChannelType.ONLINE));
        harness.processElement1(new StreamRecord<>(alert("a", "CH-D", T0)));

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.channelType()).isEqualTo(ChannelType.ONLINE));
        assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
    }
}
