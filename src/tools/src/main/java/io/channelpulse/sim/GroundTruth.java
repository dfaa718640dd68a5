package io.channelpulse.sim;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The anomalies the simulator injected, one line each in the ground-truth file, and a check of a
 * job's alerts against them. An anomaly names the alert it must cause: the rule, the incident's key
 * (for the economics rules: the channel, channel/outlet or partner) and the event time by which the alert is due ({@code dueAt}), plus, for recovering episodes and
 * late answers, when the RESOLVED is due.
 */
public final class GroundTruth {

    private GroundTruth() {}

    /** One injected anomaly. {@code key} is channel/outlet/sku, batch/partner or the orderId. */
    public record Anomaly(Rule rule, String key, String detail, Instant dueAt, Instant resolvedAt) {}

    /** Key of an alert in the same form as {@link Anomaly#key()}. */
    public static String keyOf(Alert alert) {
        return switch (alert.rule()) {
            case PRICE_BELOW_GUIDE -> alert.channelId() + "/" + alert.outletId() + "/" + alert.sku();
            case CROSS_CHANNEL_DIVERSION -> alert.batchCode() + "/" + alert.partnerId();
            case ORDER_RESPONSE_SLA -> alert.orderId();
            case INEFFICIENT_CHANNEL -> alert.channelId();
            case STORE_CLOSURE_CANDIDATE -> alert.channelId() + "/" + alert.outletId();
            case PARTNER_ROI_BELOW_ONE -> alert.partnerId();
        };
    }

    /** The result of comparing alerts with the truth, for anomalies due at or before a horizon. */
    public record Comparison(List<String> missing, List<String> unexpected, int expected, int matched) {
        public boolean perfect() {
            return missing.isEmpty() && unexpected.isEmpty();
        }
    }

    /**
     * Every anomaly due at or before {@code horizon} must have its FIRING (and RESOLVED when due
     * by then); every alert must belong to an injected anomaly.
     */
    public static Comparison compare(List<Anomaly> truth, List<Alert> alerts, Instant horizon) {
        Set<String> firing = new HashSet<>();
        Set<String> resolved = new HashSet<>();
        for (Alert a : alerts) {
            (a.status() == AlertStatus.FIRING ? firing : resolved).add(a.rule() + ":" + keyOf(a));
        }
        Set<String> known = new HashSet<>();
        List<String> missing = new ArrayList<>();
        int expected = 0;
        for (Anomaly anomaly : truth) {
            String id = anomaly.rule() + ":" + anomaly.key();
            known.add(id);
            if (!anomaly.dueAt().isAfter(horizon)) {
                expected++;
                if (!firing.contains(id)) {
                    missing.add("FIRING " + id + " (" + anomaly.detail() + ")");
                }
                if (anomaly.resolvedAt() != null && !anomaly.resolvedAt().isAfter(horizon) && !resolved.contains(id)) {
                    missing.add("RESOLVED " + id + " (" + anomaly.detail() + ")");
                }
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (Alert a : alerts) {
            String id = a.rule() + ":" + keyOf(a);
            if (!known.contains(id)) {
                unexpected.add(a.status() + " " + id + " at " + a.eventTime() + ": " + a.summary());
            }
        }
        return new Comparison(missing, unexpected, expected, expected - (int) missing.stream().filter(m -> m.startsWith("FIRING")).count());
    }
}
