package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.model.AlertIds;
import io.channelpulse.model.Alert;
import io.channelpulse.model.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One delivery to one target: the alerts of a (rule, channelId) group. Its id is derived from the
 * target and the alerts' ids and statuses only, so a retry, or a redelivery after a gateway
 * restart, carries the same {@code webhook-id} and receivers can deduplicate.
 */
public record Notification(
        Target target, Rule rule, String channelId, String channelType, List<Alert> alerts, Instant createdAt) {

    public String id() {
        List<String> parts = new ArrayList<>();
        parts.add(target.name());
        for (Alert a : alerts) {
            parts.add(a.alertId() + ":" + a.status());
        }
        return "msg_" + AlertIds.of(rule, parts.toArray(String[]::new)).replace("-", "");
    }
}
