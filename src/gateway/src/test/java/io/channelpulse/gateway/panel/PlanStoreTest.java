package io.channelpulse.gateway.panel;

import static io.channelpulse.gateway.panel.PanelFixtures.month;
import static io.channelpulse.gateway.panel.PanelFixtures.roiAlert;
import static io.channelpulse.gateway.panel.PanelFixtures.tier;
import static io.channelpulse.gateway.panel.PanelFixtures.tierChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.PartnerTier;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A channel's plan as the panel shows it: the latest close's partner table, ROI, tier changes, shares and open alerts. */
class PlanStoreTest {

    final PlanStore store = new PlanStore(10, 100, 100, Set.of("CH-A1", "CH-B1")::contains);

    @Test
    void thePartnerTableIsTheLatestCloseWithRoiAndTheLastTierChange() {
        store.onPartnerTier(tier("2026-10", "P-1", "CH-A1", PartnerTier.QUALITY, "800", 2));
        store.onPartnerTier(tier("2026-10", "P-3", "CH-A1", PartnerTier.BASIC, "10", 3)); // drops out of the next table
        store.onPartnerTier(tier("2026-11", "P-1", "CH-A1", PartnerTier.CORE, "1200.50", 1));
        store.onPartnerTier(tier("2026-11", "P-2", "CH-A1", PartnerTier.BASIC, "50", 3));
        store.onPartnerTier(tierChange("2026-11", "P-1", "CH-A1", PartnerTier.QUALITY, PartnerTier.CORE));
        store.onPartnerTier(tier("2026-10", "P-2", "CH-A1", PartnerTier.QUALITY, "70", 2)); // older, read late
        store.onAlert(roiAlert("roi-P-2", AlertStatus.FIRING, "CH-A1", "P-2", "2026-11", "0.5"));

        PlanStore.ChannelPlan plan = store.plan("CH-A1");
        assertThat(plan.partners()).extracting(PlanStore.PartnerRow::partnerId).containsExactly("P-1", "P-2");
        PlanStore.PartnerRow p1 = plan.partners().get(0);
        assertThat(p1.tier()).isEqualTo(PartnerTier.CORE);
        assertThat(p1.revenue()).isEqualByComparingTo("1200.50");
        assertThat(p1.roi()).isNull();
        assertThat(p1.lastChange()).isEqualTo(new PlanStore.TierChange("2026-11", PartnerTier.QUALITY, PartnerTier.CORE));
        PlanStore.PartnerRow p2 = plan.partners().get(1);
        assertThat(p2.tier()).isEqualTo(PartnerTier.BASIC);
        assertThat(p2.roi()).isEqualByComparingTo("0.5");
        assertThat(p2.roiPeriod()).isEqualTo("2026-11");
        assertThat(p2.lastChange()).isNull();
        assertThat(plan.openAlerts()).extracting(a -> a.alertId()).containsExactly("roi-P-2");
    }

    @Test
    void aResolvedAlertLeavesTheOpenListButItsRoiStays() {
        store.onAlert(roiAlert("roi-P-2", AlertStatus.FIRING, "CH-A1", "P-2", "2026-10", "0.5"));
        store.onAlert(roiAlert("roi-P-2", AlertStatus.RESOLVED, "CH-A1", "P-2", "2026-11", "1.2"));
        store.onPartnerTier(tier("2026-11", "P-2", "CH-A1", PartnerTier.BASIC, "50", 3));
        PlanStore.ChannelPlan plan = store.plan("CH-A1");
        assertThat(plan.openAlerts()).isEmpty();
        assertThat(plan.partners().get(0).roi()).isEqualByComparingTo(new BigDecimal("1.2"));
    }

    @Test
    void theMonthIsTheLatestClosedOneAndOtherChannelsAreSeparate() {
        store.onChannelEconomics(month("CH-A1", "2026-11", "0.04", "0.15"));
        store.onChannelEconomics(month("CH-A1", "2026-10", "0.09", "0.05"));
        store.onChannelEconomics(month("CH-B1", "2026-11", "0.96", "0.85"));
        store.onAlert(roiAlert("roi-B", AlertStatus.FIRING, "CH-B1", "P-9", "2026-11", "0.1"));
        assertThat(store.plan("CH-A1").month().salesShare()).isEqualByComparingTo("0.04");
        assertThat(store.plan("CH-A1").openAlerts()).isEmpty();
        assertThat(store.plan("CH-B1").month().costShare()).isEqualByComparingTo("0.85");
    }

    @Test
    void untrackedChannelsAndRecordsBeyondTheBoundsAreDropped() {
        PlanStore small = new PlanStore(1, 2, 2, id -> !id.startsWith("JUNK"));
        for (int i = 0; i < 1_000; i++) {
            small.onChannelEconomics(month("CH-" + i, "2026-11", "0.1", "0.1"));
            small.onChannelEconomics(month("JUNK-" + i, "2026-11", "0.1", "0.1"));
            small.onPartnerTier(tier("2026-11", "P-" + i, "CH-0", PartnerTier.CORE, "1", 1));
            small.onAlert(roiAlert("a-" + i, AlertStatus.FIRING, "CH-0", "P-" + i, "2026-11", "0.5"));
            small.onAlert(roiAlert("j-" + i, AlertStatus.FIRING, "JUNK-" + i, "P-" + i, "2026-11", "0.5"));
        }
        assertThat(small.plan("CH-0").partners()).hasSize(2);
        assertThat(small.plan("CH-0").openAlerts()).extracting(a -> a.alertId()).containsExactlyInAnyOrder("a-999", "a-998");
        assertThat(small.plan("CH-1").month()).isNull();
        assertThat(small.plan("JUNK-1").openAlerts()).isEmpty();
        assertThat(small.dropped()).isEqualTo(999 + 1_000 + 998);
    }
}
