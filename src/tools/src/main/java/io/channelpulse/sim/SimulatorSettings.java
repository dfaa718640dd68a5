package io.channelpulse.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What to simulate: how large the world is, how long, and how often each anomaly is injected.
 * Rates are probabilities per opportunity: per price observation for a below-guide episode, per
 * receipt for a diverted batch, per order for a late or missing answer, per emitted record for
 * duplicates, out-of-order delivery and malformed records. {@code sla} and {@code zone} come from
 * the configuration ({@code rules.order-response-sla.sla}, {@code business.time-zone}) so the
 * ground truth and the daily rhythm match what the job and the panel use.
 */
public record SimulatorSettings(
        long seed,
        Instant start,
        Duration duration,
        int channelsPerType,
        int outletsPerPartner,
        int skus,
        double salesPerOutletHour,
        double belowGuideRate,
        double recoveryRate,
        double diversionRate,
        double lateAnswerRate,
        double missingAnswerRate,
        double duplicateRate,
        double outOfOrderRate,
        double malformedRate,
        Duration sla,
        ZoneId zone) {

    public static final Duration DEFAULT_SLA = Duration.ofHours(24);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public static SimulatorSettings defaults(Instant start, Duration duration) {
        return new SimulatorSettings(42L, start, duration, 2, 3, 20, 2.0,
                0.01, 0.6, 0.05, 0.05, 0.03, 0.005, 0.02, 0.002, DEFAULT_SLA, DEFAULT_ZONE);
    }

    /** These settings with the configured order-response SLA and business time zone. */
    public SimulatorSettings withBusiness(Duration orderSla, ZoneId businessZone) {
        return new SimulatorSettings(seed, start, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, orderSla, businessZone);
    }

    public SimulatorSettings withSeed(long s) {
        return new SimulatorSettings(s, start, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone);
    }

    /** These settings with another number of outlets per partner: the knob for a larger world. */
    public SimulatorSettings withOutletsPerPartner(int outlets) {
        return new SimulatorSettings(seed, start, duration, channelsPerType, outlets, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone);
    }

    public Instant end() {
        return start.plus(duration);
    }
}
