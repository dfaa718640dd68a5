package io.channelpulse.economics;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.job.Guarded;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.BusinessMonths;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * A direct store's candidate fires on its streak and resolves at its next month that is not a
 * loss, in event-time order whichever path (the CEP streak or the month) arrives first; profit of
 * exactly zero is not a loss. Nothing stays in state or on a timer once it resolved.
 */
class StoreClosureAlertsTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static OutletProfit month(String period, String revenue, String cost) {
        return new OutletProfit("O-1", "CH-D", "P-D", period, BusinessMonths.between("0000-01", period),
                BusinessMonths.closeAt(period, ZONE, Duration.ofDays(5)), new BigDecimal(revenue), new BigDecimal(cost));
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, StoreEvent, Alert> h, StoreEvent e) throws Exception {
        h.processElement(new StreamRecord<>(e, e.closeAt().toEpochMilli()));
    }

    @Test
    void firesOnTheStreakAndResolvesAtABreakEvenMonthWhateverArrivesFirst() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StoreEvent, Alert> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                Guarded.keyed(StoreClosureAlerts.UID, new StoreClosureAlerts()), StoreEvent::outletId, Types.STRING);
        List<OutletProfit> streak = new ArrayList<>();
        for (int m = 1; m <= 6; m++) {
            OutletProfit loss = month(String.format("2026-%02d", m), "100", "150");
            streak.add(loss);
            send(h, StoreEvent.ofMonth(loss));
        }
        // July breaks even (profit exactly 0) and its month arrives before June's streak does.
        OutletProfit july = month("2026-07", "150", "150");
        send(h, StoreEvent.ofMonth(july));
        send(h, StoreEvent.ofStreak(streak));
        h.processWatermark(new Watermark(streak.get(5).closeAt().toEpochMilli()));
        assertThat(h.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        h.processWatermark(new Watermark(july.closeAt().toEpochMilli()));

        List<Alert> alerts = h.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status() + " " + a.details().period())
                .containsExactly("FIRING 2026-06", "RESOLVED 2026-07");
        assertThat(alerts.get(0).alertId()).isEqualTo(alerts.get(1).alertId());
        assertThat(alerts.get(0).details().monthlyProfits()).hasSize(6);
        assertThat(alerts.get(1).details().resolution()).isEqualTo("PROFITABLE_MONTH");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aLossMonthAfterTheStreakKeepsTheCandidateOpen() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StoreEvent, Alert> h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                Guarded.keyed(StoreClosureAlerts.UID, new StoreClosureAlerts()), StoreEvent::outletId, Types.STRING);
        List<OutletProfit> streak = new ArrayList<>();
        for (int m = 1; m <= 6; m++) {
            streak.add(month(String.format("2026-%02d", m), "100", "150"));
        }
        send(h, StoreEvent.ofStreak(streak));
        send(h, StoreEvent.ofMonth(month("2026-07", "100", "100.01")));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        h.close();
    }
}
