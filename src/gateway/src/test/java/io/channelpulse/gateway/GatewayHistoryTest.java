package io.channelpulse.gateway;

import io.channelpulse.config.PanelSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.panel.HistoryStore;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway sizes the panels' history from the job's KPI window (kpi.window), not from an assumed minute. */
class GatewayHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

    static ChannelKpi kpi(String channel, Instant start, Duration window) {
        return new ChannelKpi(channel, ChannelType.DEALER, start, start.plus(window), 1, 1, BigDecimal.ONE,
                0, 0, null, 0, 0, 0, null, null, 0, 0, 0);
    }

    HistoryStore fill(Duration window, Duration span) {
        ChannelDirectory directory = new ChannelDirectory(10, 10);
        directory.apply(new Partner("P-1", "CH-1", ChannelType.DEALER, List.of("R"), null, null));
        HistoryStore history = Gateway.history(PulseConfig.defaults().withKpiWindow(window), PanelSettings.none(), directory);
        for (Instant t = T0; t.isBefore(T0.plus(span)); t = t.plus(window)) {
            history.onKpi(kpi("CH-1", t, window));
        }
        return history;
    }

    @Test
    void tenSecondWindowsFillTheWholeDayOfHistory() {
        HistoryStore history = fill(Duration.ofSeconds(10), Duration.ofHours(30));
        // 24 h of 10 s windows, plus the one the retention boundary cuts
        assertThat(history.kpis("CH-1")).hasSize(24 * 360 + 1);
        assertThat(history.kpis("CH-1").get(0).windowStart()).isEqualTo(T0.plus(Duration.ofHours(6)).minusSeconds(10));
    }

    @Test
    void hourWindowsKeepADayOfHistoryWithoutReservingMinutes() {
        HistoryStore history = fill(Duration.ofHours(1), Duration.ofDays(3));
        assertThat(history.kpis("CH-1")).hasSize(25);
    }
}
