package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.config.DeliverySettings;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One HTTP attempt to deliver a notification, classified: 2xx delivered; 408, 429 and 5xx (and
 * timeouts and connection errors) retryable, honouring {@code Retry-After}; 410 means the target is
 * gone; any other status is a permanent rejection.
 */
public final class TargetClient {

    /** The result of one attempt. {@code retryAfter} is null unless the target asked for it. */
    public record Outcome(Kind kind, int status, Duration retryAfter, String detail) {
        public enum Kind {
            DELIVERED,
            RETRY,
            GONE,
            REJECTED
        }
    }

    private final HttpClient http;
    private final DeliverySettings settings;

    public TargetClient(DeliverySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    public Outcome send(Notification n) {
        HttpRequest request;
        try {
            request = n.target().kind() == Target.Kind.WEBHOOK ? webhook(n)
                    : alertmanager(n.target(), n.alerts(), a -> n.channelType());
        } catch (IOException | RuntimeException e) {
            // A bad secret or URL cannot get better by retrying: the notification is parked with the reason.
            return cannotBuild(e);
        }
        return exchange(request);
    }

    /** One POST of many alerts to an Alertmanager target, each labelled with its own channel type. */
    public Outcome postToAlertmanager(Target target, List<Alert> alerts, Function<Alert, String> channelType) {
        HttpRequest request;
        try {
            request = alertmanager(target, alerts, channelType);
        } catch (IOException | RuntimeException e) {
            return cannotBuild(e);
        }
        return exchange(request);
    }

    private static Outcome cannotBuild(Exception e) {
        return new Outcome(Outcome.Kind.REJECTED, 0, null, "cannot build the request: " + e.getMessage());
    }

    private Outcome exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (HttpTimeoutException e) {
            return new Outcome(Outcome.Kind.RETRY, 0, null, "timed out after " + settings.requestTimeout());
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.RETRY, 0, null, "I/O error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.RETRY, 0, null, "interrupted");
        }
    }

    static Outcome classify(int status, String retryAfter, String body) {
        String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        if (status >= 200 && status < 300) {
            return new Outcome(Outcome.Kind.DELIVERED, status, null, detail);
        }
        if (status == 410) {
            return new Outcome(Outcome.Kind.GONE, status, null, detail);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Outcome(Outcome.Kind.RETRY, status, parseRetryAfter(retryAfter), detail);
        }
        return new Outcome(Outcome.Kind.REJECTED, status, null, detail);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private HttpRequest webhook(Notification n) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("type", "channel-pulse.alerts");
        body.put("timestamp", n.createdAt().toString());
        ObjectNode data = body.putObject("data");
        data.put("rule", n.rule().name());
        data.put("channelId", n.channelId());
        data.put("count", n.alerts().size());
        data.set("alerts", Json.mapper().valueToTree(n.alerts()));
        String json = Json.mapper().writeValueAsString(body);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.target().url()))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", n.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (!n.target().secrets().isEmpty()) {
            b.header("webhook-signature", StandardWebhooks.sign(n.target().secrets(), n.id(), timestamp, json));
        }
        return b.build();
    }

    private HttpRequest alertmanager(Target target, List<Alert> batch, Function<Alert, String> channelType) throws IOException {
        ArrayNode alerts = Json.mapper().createArrayNode();
        for (Alert a : batch) {
            ObjectNode am = alerts.addObject();
            ObjectNode labels = am.putObject("labels");
            labels.put("alertname", a.rule().name());
            labels.put("severity", a.severity().name());
            labels.put("channel", a.channelId());
            String type = channelType.apply(a);
            labels.put("channel_type", type == null ? "unknown" : type);
            labels.put("alert_id", a.alertId());
            putIfPresent(labels, "outlet", a.outletId());
            putIfPresent(labels, "sku", a.sku());
            putIfPresent(labels, "order_id", a.orderId());
            putIfPresent(labels, "batch", a.batchCode());
            ObjectNode annotations = am.putObject("annotations");
            annotations.put("summary", a.summary());
            annotations.put("description", Json.mapper().writeValueAsString(Map.of(
                    "partnerId", String.valueOf(a.partnerId()), "evidence", a.evidence())));
            annotations.put("runbook_url", settings.runbookBaseUrl() + a.rule().name() + ".md");
            // Alertmanager works in wall-clock time: an event time ahead of its clock (a replayed
            // future, a partner's skewed clock) would make the alert invalid or expire at once.
            Instant now = Instant.now();
            Instant startsAt = earliest(startOf(a), now);
            am.put("startsAt", startsAt.toString());
            if (a.status() == AlertStatus.RESOLVED) {
                Instant endsAt = earliest(a.eventTime(), now);
                am.put("endsAt", (endsAt.isBefore(startsAt) ? startsAt : endsAt).toString());
            }
            am.put("generatorURL", settings.panelUrl().replace("{channelId}", a.channelId()));
        }
        String base = target.url().endsWith("/") ? target.url() : target.url() + "/";
        return HttpRequest.newBuilder(URI.create(base + "api/v2/alerts"))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(alerts)))
                .build();
    }

    /** Alertmanager identifies an alert by its labels; startsAt is the FIRING time for both statuses. */
    private static Instant startOf(Alert a) {
        return a.status() == AlertStatus.FIRING ? a.eventTime()
                : a.details() != null && a.details().deadline() != null ? a.details().deadline() : a.eventTime();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
