package io.channelpulse.sim;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
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
 *
 * <p>Partner tiers are not alerts. Their truth is a list of {@link TierChange}s (each must appear as
 * exactly one {@code TIER_CHANGED} record, and no other may) and of {@link TierHold}s: band
 * crossings shorter than the hysteresis, which the job must compute and not publish.
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

    /** A {@code TIER_CHANGED} the job must emit at the close of {@code period}: {@code partnerId} from → to. */
    public record TierChange(String partnerId, String period, PartnerTier from, PartnerTier to, String detail) {}

    /**
     * A band crossing for one close only: at the close of {@code period} the job computes {@code
     * computed} for {@code partnerId} while {@code published} stays published, and no tier of the
     * partner ever changes.
     */
    public record TierHold(String partnerId, String period, PartnerTier published, PartnerTier computed, String detail) {}

    /**
     * Compares a job's partner-tier records with the truth, for closes up to {@code lastClosed}
     * ({@code YYYY-MM}). Missing: an expected change without its {@code TIER_CHANGED}, or a hold
     * whose {@code TIER} row does not show the crossing. Unexpected: every other {@code
     * TIER_CHANGED}, and any second record of an expected change.
     */
    public static Comparison compareTiers(List<TierChange> changes, List<TierHold> holds,
            List<PartnerTierRecord> records, String lastClosed) {
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> expectedIds = new ArrayList<>();
        for (TierChange c : changes) {
            if (c.period().compareTo(lastClosed) <= 0) {
                expectedIds.add(c.partnerId() + "@" + c.period() + ":" + c.from() + "->" + c.to());
            }
        }
        List<String> pending = new ArrayList<>(expectedIds);
        for (PartnerTierRecord r : records) {
            if (PartnerTierRecord.TIER_CHANGED.equals(r.kind())) {
                String id = r.partnerId() + "@" + r.period() + ":" + r.fromTier() + "->" + r.toTier();
                if (!pending.remove(id)) {
                    unexpected.add("TIER_CHANGED " + id + " (revenue " + r.revenue() + ", rank " + r.rank() + " of " + r.ranked() + ")");
                }
            }
        }
        for (String id : pending) {
            missing.add("TIER_CHANGED " + id);
        }
        int expected = expectedIds.size();
        int matched = expected - pending.size();
        for (TierHold h : holds) {
            if (h.period().compareTo(lastClosed) > 0) {
                continue;
            }
            expected++;
            boolean shown = records.stream().anyMatch(r -> PartnerTierRecord.TIER.equals(r.kind())
                    && r.partnerId().equals(h.partnerId()) && r.period().equals(h.period())
                    && r.computedTier() == h.computed() && r.publishedTier() == h.published());
            if (shown) {
                matched++;
            } else {
                missing.add("TIER " + h.partnerId() + "@" + h.period() + " computed " + h.computed()
                        + " while " + h.published() + " stays published (" + h.detail() + ")");
            }
        }
        return new Comparison(missing, unexpected, expected, matched);
    }
}
