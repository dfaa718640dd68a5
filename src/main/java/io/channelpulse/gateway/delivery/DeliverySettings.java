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
 * @param parkUnrouted park an alert that matches no route on the undeliverable topic with reason
 *     {@code unrouted} (it is always counted and logged)
 * @param maxInFlight the dispatcher stops reading the alerts topic while more alerts than this are
 *     being delivered (read but neither delivered nor parked), and reads again below half of it
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
        String runbookBaseUrl,
        boolean parkUnrouted,
        int maxInFlight) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public DeliverySettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("delivery.max-in-flight must be at least 1, got " + maxInFlight);
        }
    }

    public static DeliverySettings none() {
        return new DeliverySettings(List.of(), List.of(), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                "alerts-undeliverable", "http://localhost:8080/channels/{channelId}",
                "https://github.com/channel-pulse/channel-pulse/blob/main/docs/runbooks/", false, DEFAULT_MAX_IN_FLIGHT);
    }

    public DeliverySettings with(List<Target> t, List<Route> r) {
        return new DeliverySettings(t, r, groupWindow, maxAge, requestTimeout, initialBackoff, maxBackoff,
                resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, parkUnrouted, maxInFlight);
    }

    public DeliverySettings withTimings(Duration window, Duration age, Duration timeout, Duration initial, Duration max, Duration resend) {
        return new DeliverySettings(targets, routes, window, age, timeout, initial, max, resend,
                undeliverableTopic, panelUrl, runbookBaseUrl, parkUnrouted, maxInFlight);
    }

    public DeliverySettings withUndeliverableTopic(String topic) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, topic, panelUrl, runbookBaseUrl, parkUnrouted, maxInFlight);
    }

    public DeliverySettings withParkUnrouted(boolean park) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, park, maxInFlight);
    }

    public DeliverySettings withMaxInFlight(int max) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, parkUnrouted, max);
    }
}
