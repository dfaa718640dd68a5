package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-posts FIRING alerts to Alertmanager every resend interval, as Prometheus does, so Alertmanager
 * does not resolve them by its own timeout; a RESOLVED delivery stops the resends for that alert.
 */
public final class AlertmanagerResender {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerResender.class);

    private record Firing(Target target, Alert alert, String channelType) {}

    private final Map<String, Firing> firing = new ConcurrentHashMap<>();
    private final TargetClient client;
    private final Clock clock;

    public AlertmanagerResender(TargetClient client, ScheduledExecutorService scheduler, long intervalMillis, Clock clock) {
        this.client = client;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::resend, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void delivered(Target target, Alert alert, String channelType) {
        String key = target.name() + "/" + alert.alertId();
        if (alert.status() == AlertStatus.FIRING) {
            firing.put(key, new Firing(target, alert, channelType));
        } else {
            firing.remove(key);
        }
    }

    public int firingCount() {
        return firing.size();
    }

    private void resend() {
        for (Firing f : firing.values()) {
            TargetClient.Outcome outcome = client.send(new Notification(f.target(), f.alert().rule(), f.alert().channelId(),
                    f.channelType(), List.of(f.alert()), clock.instant()));
            if (outcome.kind() != TargetClient.Outcome.Kind.DELIVERED) {
                LOG.warn("Re-posting firing alert {} to {} failed: {}", f.alert().alertId(), f.target().name(), outcome.detail());
            }
        }
    }
}
