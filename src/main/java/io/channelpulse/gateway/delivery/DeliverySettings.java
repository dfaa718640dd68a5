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
 * @param queueCapacity per target, the most alerts held at once (waiting, being sent or waiting to
 *     retry); a notification that would exceed it is parked as {@code queue-full}
 * @param senderThreads per target, the threads that send to it (so a slow target uses only its own)
 * @param minRetryDelay no retry comes sooner than this, whatever {@code Retry-After} says
 * @param resendMaxAlerts the most FIRING alerts the Alertmanager resender tracks; beyond it new
 *     ones are not re-posted (counted and logged)
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
        int queueCapacity,
        int senderThreads,
        Duration minRetryDelay,
        int resendMaxAlerts) {

    public static DeliverySettings none() {
        return new DeliverySettings(List.of(), List.of(), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                "alerts-undeliverable", "http://localhost:8080/channels/{channelId}",
                "https://github.com/channel-pulse/channel-pulse/blob/main/docs/runbooks/",
                1_000, 2, Duration.ofSeconds(1), 10_000);
    }

    public DeliverySettings with(List<Target> t, List<Route> r) {
        return new DeliverySettings(t, r, groupWindow, maxAge, requestTimeout, initialBackoff, maxBackoff,
                resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay,
                resendMaxAlerts);
    }

    public DeliverySettings withTimings(Duration window, Duration age, Duration timeout, Duration initial, Duration max, Duration resend) {
        return new DeliverySettings(targets, routes, window, age, timeout, initial, max, resend,
                undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay, resendMaxAlerts);
    }

    public DeliverySettings withUndeliverableTopic(String topic) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, topic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay,
                resendMaxAlerts);
    }

    /** These settings with other per-target bounds and minimum retry delay. */
    public DeliverySettings withQueues(int capacity, int threads, Duration minRetry) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, capacity, threads, minRetry,
                resendMaxAlerts);
    }
}
