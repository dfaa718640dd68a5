package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Route;
import io.channelpulse.config.Target;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders for delivery tests. */
final class DeliveryFixtures {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    private DeliveryFixtures() {}

    static Alert alert(String id, AlertStatus status, String channel, String sku) {
        return new Alert(id, Rule.PRICE_BELOW_GUIDE, status, Severity.WARNING, T0, Instant.now(), channel, ChannelType.DEALER, "P-1", "R-1",
                "O-1", sku, null, null, sku + " below guide at O-1",
                AlertDetails.price(new BigDecimal("90.00"), new BigDecimal("100.00"), new BigDecimal("0.1"), "CNY", "POS"),
                List.of("e-" + id));
    }

    static DeliverySettings fast(List<Target> targets, List<Route> routes) {
        return DeliverySettings.none().with(targets, routes).withTimings(
                Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60))
                .withQueues(1_000, 2, Duration.ofMillis(50));
    }

    static Notification notification(Target target, Alert... alerts) {
        return new Notification(target, alerts[0].rule(), alerts[0].channelId(), "DEALER", List.of(alerts), Instant.now());
    }
}
