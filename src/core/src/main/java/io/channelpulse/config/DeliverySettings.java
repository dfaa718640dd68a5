package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.channelpulse.model.Alert;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Alert delivery settings ({@code delivery:} in the YAML configuration, bound by
 * {@link io.channelpulse.config.ConfigLoader}).
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
 * @param parkUnrouted park an alert that matches no route on the undeliverable topic with reason
 *     {@code unrouted} (it is always counted and logged)
 * @param maxInFlight the dispatcher stops reading the alerts topic while more alerts than this are
 *     being delivered (read but neither delivered nor parked), and reads again below half of it; it
 *     must exceed {@code queueCapacity}, or one stuck target would pause paging to every other
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
        int resendMaxAlerts,
        boolean parkUnrouted,
        int maxInFlight) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public static DeliverySettings none() {
        return new DeliverySettings(List.of(), List.of(), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                "alerts-undeliverable", "http://localhost:8080/channels/{channelId}",
                "https://github.com/channel-pulse/channel-pulse/blob/main/docs/runbooks/",
                1_000, 2, Duration.ofSeconds(1), 10_000, false, DEFAULT_MAX_IN_FLIGHT);
    }

    /** Binds {@code delivery:}: unique target names, routes that name only those targets. */
    @JsonCreator
    static DeliverySettings bind(
            @JsonProperty("targets") List<Target> targets,
            @JsonProperty("routes") List<Route> routes,
            @JsonProperty("group-window") Duration groupWindow,
            @JsonProperty("max-age") Duration maxAge,
            @JsonProperty("request-timeout") Duration requestTimeout,
            @JsonProperty("initial-backoff") Duration initialBackoff,
            @JsonProperty("max-backoff") Duration maxBackoff,
            @JsonProperty("resend-interval") Duration resendInterval,
            @JsonProperty("undeliverable-topic") String undeliverableTopic,
            @JsonProperty("panel-url") String panelUrl,
            @JsonProperty("runbook-base-url") String runbookBaseUrl,
            @JsonProperty("queue-capacity") Long queueCapacity,
            @JsonProperty("sender-threads") Long senderThreads,
            @JsonProperty("min-retry-delay") Duration minRetryDelay,
            @JsonProperty("resend-max-alerts") Long resendMaxAlerts,
            @JsonProperty("park-unrouted") Boolean parkUnrouted,
            @JsonProperty("max-in-flight") Long maxInFlight) {
        DeliverySettings d = none();
        List<Target> ts = targets == null ? List.of() : targets;
        List<Route> rs = routes == null ? List.of() : routes;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ts.size(); i++) {
            if (ts.get(i) == null) {
                throw new ConfigException("targets[" + i + "]", "must be a mapping with name, type and url");
            }
            if (!names.add(ts.get(i).name())) {
                throw new ConfigException("targets[" + i + "].name", "duplicate target name '" + ts.get(i).name() + "'");
            }
        }
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i) == null) {
                throw new ConfigException("routes[" + i + "]", "must be a mapping with match and targets");
            }
            List<String> to = rs.get(i).targets();
            for (int j = 0; j < to.size(); j++) {
                if (!names.contains(to.get(j))) {
                    throw new ConfigException("routes[" + i + "].targets[" + j + "]", "unknown target '" + to.get(j) + "'");
                }
            }
        }
        Duration initial = Require.orDefault(initialBackoff, d.initialBackoff());
        Duration max = Require.orDefault(maxBackoff, d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("max-backoff", "must be at least delivery.initial-backoff (" + initial + ")");
        }
        return new DeliverySettings(List.copyOf(ts), List.copyOf(rs),
                Require.orDefault(groupWindow, d.groupWindow()),
                Require.orDefault(maxAge, d.maxAge()),
                Require.orDefault(requestTimeout, d.requestTimeout()),
                initial, max,
                Require.orDefault(resendInterval, d.resendInterval()),
                Require.text("undeliverable-topic", undeliverableTopic, d.undeliverableTopic()),
                Require.text("panel-url", panelUrl, d.panelUrl()),
                Require.text("runbook-base-url", runbookBaseUrl, d.runbookBaseUrl()),
                (int) Require.range("queue-capacity", queueCapacity, d.queueCapacity(), 1, 1_000_000),
                (int) Require.range("sender-threads", senderThreads, d.senderThreads(), 1, 64),
                Require.orDefault(minRetryDelay, d.minRetryDelay()),
                (int) Require.range("resend-max-alerts", resendMaxAlerts, d.resendMaxAlerts(), 1, 1_000_000),
                Require.orDefault(parkUnrouted, d.parkUnrouted()),
                (int) Require.range("max-in-flight", maxInFlight, d.maxInFlight(),
                        Require.range("queue-capacity", queueCapacity, d.queueCapacity(), 1, 1_000_000) + 1, 1_000_000));
    }

    public DeliverySettings with(List<Target> t, List<Route> r) {
        return new DeliverySettings(t, r, groupWindow, maxAge, requestTimeout, initialBackoff, maxBackoff,
                resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay,
                resendMaxAlerts, parkUnrouted, maxInFlight);
    }

    public DeliverySettings withTimings(Duration window, Duration age, Duration timeout, Duration initial, Duration max, Duration resend) {
        return new DeliverySettings(targets, routes, window, age, timeout, initial, max, resend,
                undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay, resendMaxAlerts, parkUnrouted, maxInFlight);
    }

    public DeliverySettings withUndeliverableTopic(String topic) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, topic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads, minRetryDelay,
                resendMaxAlerts, parkUnrouted, maxInFlight);
    }

    /**
     * The targets whose routes match {@code alert}, each once, in route order; empty when the alert
     * is unrouted. The one place routing is decided: the dispatcher and the Alertmanager resender
     * both ask here.
     */
    public List<Target> targetsFor(Alert alert) {
        return routes.stream()
                .filter(route -> route.matches(alert))
                .flatMap(route -> route.targets().stream())
                .distinct()
                .map(name -> targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow())
                .toList();
    }

    public DeliverySettings withParkUnrouted(boolean park) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads,
                minRetryDelay, resendMaxAlerts, park, maxInFlight);
    }

    public DeliverySettings withMaxInFlight(int max) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, queueCapacity, senderThreads,
                minRetryDelay, resendMaxAlerts, parkUnrouted, max);
    }

    /** These settings with other per-target bounds and minimum retry delay. */
    public DeliverySettings withQueues(int capacity, int threads, Duration minRetry) {
        return new DeliverySettings(targets, routes, groupWindow, maxAge, requestTimeout, initialBackoff,
                maxBackoff, resendInterval, undeliverableTopic, panelUrl, runbookBaseUrl, capacity, threads, minRetry,
                resendMaxAlerts, parkUnrouted, maxInFlight);
    }
}
