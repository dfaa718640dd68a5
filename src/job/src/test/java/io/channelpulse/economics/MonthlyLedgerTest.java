package io.channelpulse.economics;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.job.Guarded;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.CostCategory;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PosSale;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Business months in the business time zone, closed at their end plus the grace: the ledger writes
 * each channel's month exactly once, when the watermark reaches the close instant, and keeps no
 * state or timer for it afterwards. A cost booked one millisecond before the close counts; one
 * booked at the close is a {@code period-closed} dead letter.
 */
class MonthlyLedgerTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration GRACE = Duration.ofDays(5);
    /** 2026-01 ends at 2026-01-31T16:00Z (midnight in Shanghai) and closes 5 days later. */
    static final Instant JANUARY_CLOSE = Instant.parse("2026-02-05T16:00:00Z");

    static PosSale sale(String id, Instant at, String partner, String outlet, int quantity, String price) {
        return new PosSale(id, at, "CH-A", partner, outlet, "R-1", "SKU-1", quantity, new BigDecimal(price), "CNY", null);
    }

    static ChannelCost cost(String id, Instant at, String period, String partner, String outlet, String amount) {
        return new ChannelCost(id, at, period, "CH-A", partner, outlet, CostCategory.RENT, new BigDecimal(amount), "CNY");
    }

    @Test
    void closeInstantIsTheMonthsEndInTheBusinessZonePlusTheGrace() {
        assertThat(BusinessMonths.closeAt("2026-01", ZONE, GRACE)).isEqualTo(JANUARY_CLOSE);
        assertThat(BusinessMonths.periodOf(Instant.parse("2026-01-31T15:59:59.999Z"), ZONE)).isEqualTo("2026-01");
        assertThat(BusinessMonths.periodOf(Instant.parse("2026-01-31T16:00:00Z"), ZONE)).isEqualTo("2026-02");
        assertThat(BusinessMonths.between("2025-11", "2026-02")).isEqualTo(3);
        assertThat(BusinessMonths.plus("2026-01", -12)).isEqualTo("2025-01");
    }

    @Test
    void aChannelsMonthIsWrittenOnceAtItsCloseAndLeavesNothingBehind() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, ChannelMonth> harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                Guarded.keyed(MonthlyLedger.UID, new MonthlyLedger(ZONE, GRACE)), LedgerEntry::channelId, Types.STRING);
        Instant jan = Instant.parse("2026-01-10T02:00:00Z");
        // The last millisecond of January in Shanghai: still January's.
        Instant lastOfJanuary = Instant.parse("2026-01-31T15:59:59.999Z");
        add(harness, LedgerEntry.sale(sale("s-1", jan, "P-1", "O-1", 2, "10.50"), ZONE), jan);
        add(harness, LedgerEntry.sale(sale("s-2", lastOfJanuary, "P-2", "O-2", 1, "100"), ZONE), lastOfJanuary);
        add(harness, LedgerEntry.sale(sale("s-3", Instant.parse("2026-01-31T16:00:00Z"), "P-1", "O-1", 1, "7"), ZONE), lastOfJanuary);
        add(harness, LedgerEntry.cost(cost("c-1", JANUARY_CLOSE.minusMillis(1), "2026-01", "P-1", "O-1", "30")), JANUARY_CLOSE.minusMillis(1));
        add(harness, LedgerEntry.cost(cost("c-2", jan, "2026-01", null, null, "-5.25")), jan);

        harness.processWatermark(new Watermark(JANUARY_CLOSE.toEpochMilli() - 1));
        assertThat(harness.extractOutputValues()).as("not before the close instant").isEmpty();
        harness.processWatermark(new Watermark(JANUARY_CLOSE.toEpochMilli()));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(m -> {
            assertThat(m.period()).isEqualTo("2026-01");
            assertThat(m.closeAt()).isEqualTo(JANUARY_CLOSE);
            assertThat(m.totals().revenue()).isEqualByComparingTo("121.00");
            assertThat(m.totals().cost()).isEqualByComparingTo("24.75");
            assertThat(m.partners()).extracting(p -> p.partnerId() + " " + p.totals().revenue().toPlainString() + " " + p.totals().cost().toPlainString())
                    .containsExactly("P-1 21.00 30", "P-2 100 0");
            assertThat(m.outlets()).extracting(o -> o.outletId() + " " + o.partnerId() + " " + o.totals().profit().toPlainString())
                    .containsExactly("O-1 P-1 -9.00", "O-2 P-2 100");
        });
        assertThat(harness.numKeyedStateEntries()).as("February's sale is all that is left").isPositive();
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
    }

    static void add(KeyedOneInputStreamOperatorTestHarness<String, LedgerEntry, ChannelMonth> h, LedgerEntry e, Instant at) throws Exception {
        h.processElement(new StreamRecord<>(e, at.toEpochMilli()));
    }

    @Test
    void aCostBookedAtTheCloseIsPeriodClosedAndOneMillisecondBeforeIsCounted() throws Exception {
        OneInputStreamOperatorTestHarness<Parsed<ChannelCost>, Parsed<ChannelCost>> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ClosedPeriods(ZONE, GRACE));
        RecordOrigin origin = RecordOrigin.file("channel-costs", "channel-costs.jsonl", 7);
        harness.processElement(Parsed.ok(cost("c-1", JANUARY_CLOSE.minusMillis(1), "2026-01", null, null, "1"), origin, "{}"), 0);
        harness.processElement(Parsed.ok(cost("c-2", JANUARY_CLOSE, "2026-01", null, null, "1"), origin, "{\"eventId\":\"c-2\"}"), 0);
        harness.processElement(Parsed.ok(cost("c-3", JANUARY_CLOSE, "2027-02", null, null, "1"), origin, "{}"), 0);
        harness.processElement(Parsed.ok(cost("c-4", JANUARY_CLOSE, "2027-03", null, null, "1"), origin, "{}"), 0);

        List<Parsed<ChannelCost>> out = harness.extractOutputValues();
        assertThat(out.get(0).isOk()).isTrue();
        assertThat(out.get(1).deadLetter()).satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.PERIOD_CLOSED);
            assertThat(d.field()).isEqualTo("eventTime");
            assertThat(d.message()).contains("2026-01").contains(JANUARY_CLOSE.toString()).contains("economics.close-grace");
            assertThat(d.line()).isEqualTo(7L);
            assertThat(d.payload()).contains("c-2");
        });
        assertThat(out.get(2).isOk()).as("12 months ahead of the booking month").isTrue();
        assertThat(out.get(3).deadLetter().reason()).isEqualTo(DeadLetter.OUT_OF_RANGE);
        assertThat(out.get(3).deadLetter().field()).isEqualTo("period");
        harness.close();
    }
}
