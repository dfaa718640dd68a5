package io.channelpulse.gateway.panel;

import static io.channelpulse.gateway.panel.PanelFixtures.T0;
import static io.channelpulse.gateway.panel.PanelFixtures.alert;
import static io.channelpulse.gateway.panel.PanelFixtures.kpi;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The panels' in-memory history stays bounded and forgets windows older than its retention. */
class HistoryStoreTest {

    @Test
    void windowsOlderThanTheRetentionBehindTheNewestAreEvicted() {
        HistoryStore store = new HistoryStore(Duration.ofHours(24), 10_000, 100, 100);
        store.onKpi(kpi("CH", T0, "1"));
        store.onKpi(kpi("CH", T0.plus(Duration.ofHours(23)), "2"));
        assertThat(store.kpis("CH")).hasSize(2);
        store.onKpi(kpi("CH", T0.plus(Duration.ofHours(24)).plusSeconds(60), "3"));
        assertThat(store.kpis("CH")).extracting(ChannelKpi::revenue).extracting(Object::toString).containsExactly("2", "3");
    }

    @Test
    void memoryIsBoundedPerChannelForAlertsAndForEvents() {
        HistoryStore store = new HistoryStore(Duration.ofDays(365), 50, 10, 20);
        for (int i = 0; i < 1_000; i++) {
            store.onKpi(kpi("CH", T0.plusSeconds(60L * i), "1"));
            store.onAlert(alert("a-" + i, AlertStatus.FIRING, "CH"));
        }
        assertThat(store.kpis("CH")).hasSize(50);
        assertThat(store.kpis("CH").get(0).windowStart()).isEqualTo(T0.plusSeconds(60L * 950));
        assertThat(store.alerts(a -> true)).hasSize(10);
        assertThat(store.eventsAfter(0, e -> true)).hasSize(20);
        assertThat(store.firstEventId()).isEqualTo(1981);
        assertThat(store.lastEventId()).isEqualTo(2000);
    }

    @Test
    void aResolvedAlertReplacesItsFiringStateAndEventsResumeAfterAnId() {
        HistoryStore store = HistoryStore.defaults();
        store.onAlert(alert("a", AlertStatus.FIRING, "CH-1"));
        store.onAlert(alert("b", AlertStatus.FIRING, "CH-2"));
        store.onAlert(alert("a", AlertStatus.RESOLVED, "CH-1"));
        assertThat(store.alerts(a -> a.alertId().equals("a"))).singleElement().extracting(a -> a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(store.eventsAfter(1, e -> e.channelId().equals("CH-1"))).extracting(HistoryStore.Event::id).containsExactly(3L);
    }

    @Test
    void aLateArrivingOlderWindowIsKeptInOrder() {
        HistoryStore store = HistoryStore.defaults();
        store.onKpi(kpi("CH", T0.plusSeconds(120), "2"));
        store.onKpi(kpi("CH", T0, "1"));
        assertThat(store.kpis("CH")).extracting(ChannelKpi::windowStart).containsExactly(T0, T0.plusSeconds(120));
    }
}
