package io.channelpulse.gateway.panel;

import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Users, KPIs and alerts for panel tests. */
final class PanelFixtures {

    static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");
    static final String PASSWORD = "correct horse battery";
    static final String HASH = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10));

    private PanelFixtures() {}

    static PanelSettings settings() {
        return new PanelSettings(List.of(
                        new Manager("alice", HASH, Set.of("CH-A1", "CH-A2"), false, "Alice Wang"),
                        new Manager("bob", HASH, Set.of("CH-B1"), false, "Bob Li"),
                        new Manager("root", HASH, Set.of(), true, "Admin")),
                Duration.ofHours(8), 3, Duration.ofMinutes(5), Duration.ofHours(24),
                "http://grafana.local/d/channel-pulse-kpis?var-channel={channelId}");
    }

    /** A panel on a free loopback port, as the gateway builds it. */
    static PanelServer server(PanelSettings settings, HistoryStore history, java.time.Clock clock) {
        return new PanelServer(settings, history, Sessions.of(settings, clock), "127.0.0.1", 0);
    }

    static ChannelKpi kpi(String channel, Instant start, String revenue) {
        return new ChannelKpi(channel, ChannelType.DEALER, start, start.plusSeconds(60), 2, 3, new BigDecimal(revenue),
                4, 1, 0.75, 0, 1, 1, 1800L, 7200L, 0, 0, 0);
    }

    static Alert alert(String id, AlertStatus status, String channel) {
        return new Alert(id, Rule.PRICE_BELOW_GUIDE, status, Severity.WARNING, T0, T0, channel, null, "P", "R", "O-1", "SKU-1",
                null, null, "SKU-1 below guide at O-1", AlertDetails.price(BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, "CNY", "POS"),
                List.of("ev-" + id));
    }

    static final Instant NOV_CLOSE = Instant.parse("2026-12-05T16:00:00Z");

    static io.channelpulse.model.PartnerTierRecord tier(String period, String partner, String channel,
            io.channelpulse.model.PartnerTier published, String revenue, int rank) {
        return new io.channelpulse.model.PartnerTierRecord(io.channelpulse.model.PartnerTierRecord.TIER, period, NOV_CLOSE, partner,
                channel, ChannelType.SUPERMARKET, "ALL", published, published, null, null, null, null, new BigDecimal(revenue), 12, rank, 3);
    }

    static io.channelpulse.model.PartnerTierRecord tierChange(String period, String partner, String channel,
            io.channelpulse.model.PartnerTier from, io.channelpulse.model.PartnerTier to) {
        return new io.channelpulse.model.PartnerTierRecord(io.channelpulse.model.PartnerTierRecord.TIER_CHANGED, period, NOV_CLOSE, partner,
                channel, ChannelType.SUPERMARKET, "ALL", to, to, null, null, from, to, new BigDecimal("1"), 12, 1, 3);
    }

    static io.channelpulse.model.ChannelEconomics month(String channel, String period, String salesShare, String costShare) {
        return new io.channelpulse.model.ChannelEconomics(period, NOV_CLOSE, channel, ChannelType.SUPERMARKET, new BigDecimal("400"),
                new BigDecimal("1500"), new BigDecimal(salesShare), new BigDecimal(costShare), new BigDecimal("10000"),
                new BigDecimal("10000"), 2, 0, true);
    }

    static Alert roiAlert(String id, AlertStatus status, String channel, String partner, String period, String roi) {
        return new Alert(id, Rule.PARTNER_ROI_BELOW_ONE, status, Severity.WARNING, NOV_CLOSE, NOV_CLOSE, channel, null, partner, null,
                null, null, null, null, "ROI " + roi + " for " + partner,
                AlertDetails.roi(period, new BigDecimal("50"), new BigDecimal("100"), new BigDecimal(roi), 3), List.of());
    }
}
