package io.channelpulse.gateway.panel;

import static io.channelpulse.gateway.panel.PanelFixtures.T0;
import static io.channelpulse.gateway.panel.PanelFixtures.alert;
import static io.channelpulse.gateway.panel.PanelFixtures.kpi;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The panels' history holds windows only of channels partner master data names, and at most maxChannels of them. */
class HistoryStoreBoundsTest {

    @Test
    void kpisOfChannelsMasterDataDoesNotNameAreCountedNotStored() {
        HistoryStore store = new HistoryStore(Duration.ofHours(24), 100, 100, 100, 10, Set.of("CH-1")::contains);
        store.onKpi(kpi("CH-1", T0, "1"));
        store.onKpi(kpi("JUNK", T0, "2"));
        assertThat(store.channels()).containsExactly("CH-1");
        assertThat(store.kpis("JUNK")).isEmpty();
        assertThat(store.untrackedKpis()).isEqualTo(1);
        assertThat(store.eventsAfter(0, e -> true)).extracting(HistoryStore.Event::channelId).containsExactly("CH-1");
    }

    @Test
    void aHundredThousandJunkChannelIdsLeaveTheStoreAtItsChannelCap() {
        HistoryStore store = new HistoryStore(Duration.ofHours(24), 100, 100, 1_000, 25, channelId -> true);
        for (int i = 0; i < 100_000; i++) {
            store.onKpi(kpi("JUNK-" + i, T0, "1"));
        }
        assertThat(store.channels()).hasSize(25);
        assertThat(store.windowCount()).isEqualTo(25);
        assertThat(store.untrackedKpis()).isEqualTo(100_000 - 25);
    }

    @Test
    void aForgottenChannelLosesItsWindowsButKeepsItsAlerts() {
        HistoryStore store = new HistoryStore(Duration.ofHours(24), 100, 100, 100, 10, channelId -> true);
        store.onKpi(kpi("CH-1", T0, "1"));
        store.onAlert(alert("a", AlertStatus.FIRING, "CH-1"));
        store.forget("CH-1");
        assertThat(store.channels()).isEmpty();
        assertThat(store.alerts(a -> a.channelId().equals("CH-1"))).hasSize(1);
    }
}
