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
 *
 * <p>{@code economics} is null unless the channel plan's economics are asked for ({@link
 * #withEconomics}); then the simulator writes a long, sparse history of business months instead
 * (see {@link EconomicsPlan}), and {@code duration} and the anomaly rates of the other rules do not apply.
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
        ZoneId zone,
        Economics economics) {

    public static final Duration DEFAULT_SLA = Duration.ofHours(24);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /**
     * A history of {@code months} business months for the channel plan's economics, closing
     * {@code closeGrace} after each month's end ({@code economics.close-grace}): every cost is
     * booked before its month closes.
     */
    public record Economics(int months, Duration closeGrace) {

        /** Enough months for every injected case to fire and resolve at a close the replay reaches. */
        public static final int MIN_MONTHS = 12;
        public static final int MAX_MONTHS = 36;
        public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofDays(5);

        public Economics {
            if (months < MIN_MONTHS || months > MAX_MONTHS) {
                throw new IllegalArgumentException("economics months must be from " + MIN_MONTHS + " to " + MAX_MONTHS
                        + " (the injected cases need " + MIN_MONTHS + "), got " + months);
            }
            if (closeGrace.isNegative()) {
                throw new IllegalArgumentException("economics close grace must not be negative, got " + closeGrace);
            }
        }
    }

    public SimulatorSettings {
        if (economics != null && channelsPerType != EconomicsPlan.CHANNELS_PER_TYPE) {
            throw new IllegalArgumentException("an economics history needs exactly " + EconomicsPlan.CHANNELS_PER_TYPE
                    + " channels per type (its injected cases are laid out on them), got " + channelsPerType);
        }
    }

    /** Settings without economics: the simulator as it was before the channel plan's economics. */
    public SimulatorSettings(long seed, Instant start, Duration duration, int channelsPerType, int outletsPerPartner,
            int skus, double salesPerOutletHour, double belowGuideRate, double recoveryRate, double diversionRate,
            double lateAnswerRate, double missingAnswerRate, double duplicateRate, double outOfOrderRate,
            double malformedRate, Duration sla, ZoneId zone) {
        this(seed, start, duration, channelsPerType, outletsPerPartner, skus, salesPerOutletHour, belowGuideRate,
                recoveryRate, diversionRate, lateAnswerRate, missingAnswerRate, duplicateRate, outOfOrderRate,
                malformedRate, sla, zone, null);
    }

    public static SimulatorSettings defaults(Instant start, Duration duration) {
        return new SimulatorSettings(42L, start, duration, 2, 3, 20, 2.0,
                0.01, 0.6, 0.05, 0.05, 0.03, 0.005, 0.02, 0.002, DEFAULT_SLA, DEFAULT_ZONE);
    }

    /**
     * A long, sparse economics history of {@code months} business months from the month that holds
     * {@code start}: 2 channels per type, 2 outlets per partner and 20 SKUs, at most a few POS
     * lines per outlet and day, and monthly cost bookings, with the economics cases injected.
     */
    public static SimulatorSettings economicsDefaults(Instant start, int months) {
        return new SimulatorSettings(42L, start, Duration.ZERO, 2, 2, 20, 2.0,
                0.01, 0.6, 0.05, 0.05, 0.03, 0.005, 0.02, 0.002, DEFAULT_SLA, DEFAULT_ZONE)
                .withEconomics(months);
    }

    /** These settings with the configured order-response SLA and business time zone. */
    public SimulatorSettings withBusiness(Duration orderSla, ZoneId businessZone) {
        return new SimulatorSettings(seed, start, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, orderSla, businessZone, economics);
    }

    public SimulatorSettings withSeed(long s) {
        return new SimulatorSettings(s, start, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone, economics);
    }

    /** These settings with another number of outlets per partner: the knob for a larger world. */
    public SimulatorSettings withOutletsPerPartner(int outlets) {
        return new SimulatorSettings(seed, start, duration, channelsPerType, outlets, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone, economics);
    }

    /**
     * These settings as an economics history of {@code months} business months (with the default
     * close grace of 5 days); see {@link EconomicsPlan} for what it holds and injects.
     */
    public SimulatorSettings withEconomics(int months) {
        return new SimulatorSettings(seed, start, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone,
                new Economics(months, economics != null ? economics.closeGrace() : Economics.DEFAULT_CLOSE_GRACE));
    }

    /** These settings with the configured {@code economics.close-grace}; no effect without economics. */
    public SimulatorSettings withCloseGrace(Duration closeGrace) {
        return economics == null ? this : new SimulatorSettings(seed, start, duration, channelsPerType,
                outletsPerPartner, skus, salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate,
                lateAnswerRate, missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate, sla, zone,
                new Economics(economics.months(), closeGrace));
    }

    /**
     * The last event time this simulation may produce (exclusive). For an economics history: the
     * last month's close, which the last cost bookings stay before.
     */
    public Instant end() {
        if (economics != null) {
            return EconomicsPlan.closeOf(this, economics.months());
        }
        return start.plus(duration);
    }
}
