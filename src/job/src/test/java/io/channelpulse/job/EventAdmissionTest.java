package io.channelpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PriceCheck;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@link EventAdmission} through dedup, lateness and state expiry in event time. */
class EventAdmissionTest {

    static final Instant BEGINNING = Instant.parse("2026-11-29T08:00:00Z");
    static final Duration HORIZON = Duration.ofHours(1);

    private EventAdmission<PriceCheck> admission;
    private KeyedOneInputStreamOperatorTestHarness<String, Parsed<PriceCheck>, PriceCheck> harness;

    @BeforeEach
    void setUp() throws Exception {
        admission = new EventAdmission<>(EventStream.PRICES, HORIZON);
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                admission, parsed -> parsed.event().eventId(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void duplicateWithinHorizonIsDroppedAndCounted() throws Exception {
        push(check("p-1", BEGINNING), 1);
        push(check("p-1", BEGINNING.plus(Duration.ofMinutes(10))), 2);
        push(check("p-1", BEGINNING.plus(HORIZON).minusMillis(1)), 3);

        assertThat(harness.extractOutputValues()).extracting(PriceCheck::eventId).containsExactly("p-1");
        assertThat(counter(EventAdmission.DUPLICATES)).isEqualTo(2L);
        assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNullOrEmpty();
    }

    @Test
    void distinctEventIdsAreAllAdmitted() throws Exception {
        push(check("p-1", BEGINNING), 1);
        push(check("p-2", BEGINNING), 2);

        assertThat(harness.extractOutputValues()).extracting(PriceCheck::eventId)
                .containsExactly("p-1", "p-2");
    }

    @Test
    void repeatIsStillDroppedWhileWatermarkIsShortOfFirstSeenPlusHorizon() throws Exception {
        push(check("p-1", BEGINNING), 1);
        harness.processWatermark(new Watermark(BEGINNING.plus(HORIZON).toEpochMilli() - 1));

        push(check("p-1", BEGINNING.plus(HORIZON)), 2);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(counter(EventAdmission.DUPLICATES)).isEqualTo(1L);
    }

    @Test
    void sameEventIdIsAdmittedAgainOnceWatermarkPassesFirstSeenPlusHorizon() throws Exception {
        push(check("p-1", BEGINNING), 1);
        harness.processWatermark(new Watermark(BEGINNING.plus(HORIZON).toEpochMilli()));

        Instant again = BEGINNING.plus(HORIZON).plusMillis(1);
        push(check("p-1", again), 2);

        assertThat(harness.extractOutputValues()).extracting(PriceCheck::eventTime)
                .containsExactly(BEGINNING, again);
        assertThat(counter(EventAdmission.DUPLICATES)).isZero();
    }

    @Test
    void eventExactlyAtTheWatermarkIsLate() throws Exception {
        Instant at = BEGINNING.plus(Duration.ofMinutes(5));
        harness.processWatermark(new Watermark(at.toEpochMilli()));

        push(check("p-1", at), 7);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).extracting(DeadLetter::reason).containsExactly(DeadLetter.LATE);
        assertThat(counter(EventAdmission.LATE)).isEqualTo(1L);
    }

    @Test
    void eventOneMillisecondAfterTheWatermarkIsAdmitted() throws Exception {
        Instant at = BEGINNING.plus(Duration.ofMinutes(5));
        harness.processWatermark(new Watermark(at.toEpochMilli()));

        push(check("p-1", at.plusMillis(1)), 7);

        assertThat(harness.extractOutputValues()).extracting(PriceCheck::eventId).containsExactly("p-1");
        assertThat(deadLetters()).isEmpty();
        assertThat(counter(EventAdmission.LATE)).isZero();
    }

    @Test
    void lateDeadLetterCarriesOriginPayloadAndReason() throws Exception {
        harness.processWatermark(new Watermark(BEGINNING.toEpochMilli()));
        Instant eventTime = BEGINNING.minus(Duration.ofMinutes(3));
        PriceCheck late = check("p-late", eventTime);
        String payload = "{\"eventId\":\"p-late\",\"raw\":true}";

        harness.processElement(new StreamRecord<>(
                Parsed.ok(late, RecordOrigin.file("prices", "prices.jsonl", 42), payload),
                eventTime.toEpochMilli()));

        assertThat(deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).isEqualTo("late");
            assertThat(dead.field()).isEqualTo("eventTime");
            assertThat(dead.stream()).isEqualTo("prices");
            assertThat(dead.file()).isEqualTo("prices.jsonl");
            assertThat(dead.line()).isEqualTo(42L);
            assertThat(dead.topic()).isNull();
            assertThat(dead.eventTime()).isEqualTo(eventTime);
            assertThat(dead.payload()).isEqualTo(payload);
            assertThat(dead.message()).contains(eventTime.toString()).contains(BEGINNING.toString());
        });
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stateAndTimersReturnToZeroAfterWatermarkPassesHorizon() throws Exception {
        push(check("p-1", BEGINNING), 1);
        push(check("p-2", BEGINNING.plus(Duration.ofMinutes(30))), 2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(new Watermark(BEGINNING.plus(HORIZON).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(
                new Watermark(BEGINNING.plus(Duration.ofMinutes(30)).plus(HORIZON).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    // ---- builders ----------------------------------------------------------------------------

    static PriceCheck check(String eventId, Instant eventTime) {
        return new PriceCheck(eventId, eventTime, "ch-web", "partner-1", "outlet-1", "north",
                "SKU-1", new BigDecimal("99.00"), "CNY", "WEB");
    }

    private void push(PriceCheck check, long line) throws Exception {
        harness.processElement(new StreamRecord<>(
                Parsed.ok(check, RecordOrigin.file("prices", "prices.jsonl", line),
                        "{\"eventId\":\"" + check.eventId() + "\"}"),
                check.eventTime().toEpochMilli()));
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(SideOutputs.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private Long counter(String prefix) {
        var accumulator = admission.getRuntimeContext().getLongCounter(prefix + EventStream.PRICES.name());
        return accumulator.getLocalValue();
    }
}
