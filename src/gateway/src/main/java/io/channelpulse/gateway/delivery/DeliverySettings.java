package io.channelpulse.gateway.delivery;

import java.time.Duration;
import java.util.List;

/**
 * Alert delivery settings ({@code delivery:} in the YAML configuration).
 *
 * @param groupWindow alerts for one target with the same (rule, channelId) arriving within this
 *     window go out as one notification
 * @param maxAge a notification still failing after this long is parked on the undeliverable topic
 * @param resendInterval how often FIRING alerts are re-posted to Alertmanager so it does not
 *     resolve them by timeout
 */
public record DeliverySettings(
        List<Target> targets,
        List<Route> routes,
        Duration groupWindow,
        Duration maxAge,
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration resendInterval,
        String undeliverableTopic,
        String panelUrl,
        String runbookBaseUrl) {

    public static DeliverySettings none() {
        return new DeliverySettings(List.of(), List.of(), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                "alerts-undeliverable", "http://localhost:8080/channels/{channelId}",
                "https://github.com/channel-pulse/channel-pulse/blob/main/docs/runbooks/");
    }

    public DeliverySettings with(List<Target> t, List<Route> r) {
        return new DeliverySettings(t, r, groupWindow, maxAge, requestTimeout, initialBackoff, maxBackoff,
                resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl);
    }

    public DeliverySettings withTimings(Duration window, Duration age, Duration timeout, Duration initial, Duration max, Duration resend) {
        return new DeliverySettings(targets, routes, window, age, timeout, initial, max, resend,
                undeliverableTopic, panelUrl, runbookBaseUrl);
    }

    public DeliverySettings withUndeliverableTopic(String topic) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, topic, panelUrl, runbookBaseUrl);
    }
}
