package io.channelpulse.cli;

import io.channelpulse.config.Durations;
import io.channelpulse.sim.SimulatorSettings;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The simulator's world and anomaly options, shared by {@code simulate} and {@code demo}. */
final class SimulatorOptions {

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history", defaultValue = "3d", converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "How much history to simulate, e.g. 3d or 12h (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--start", paramLabel = "ISO-8601", description = "Event time of the first event (default: now minus --history).")
    Instant start;

    @Option(names = "--channels-per-type", defaultValue = "2", description = "Channels of each of the four types (default: ${DEFAULT-VALUE}).")
    int channelsPerType;

    @Option(names = "--outlets-per-partner", defaultValue = "3", description = "Outlets per partner; two partners per channel (default: ${DEFAULT-VALUE}).")
    int outletsPerPartner;

    @Option(names = "--skus", defaultValue = "20", description = "SKUs with guide prices (default: ${DEFAULT-VALUE}).")
    int skus;

    @Option(names = "--sales-per-outlet-hour", defaultValue = "2.0", description = "Mean POS lines per outlet and hour at the daily peak (default: ${DEFAULT-VALUE}).")
    double salesPerOutletHour;

    @Option(names = "--below-guide-rate", defaultValue = "0.01", description = "Chance that a price observation starts a below-guide episode (default: ${DEFAULT-VALUE}).")
    double belowGuideRate;

    @Option(names = "--recovery-rate", defaultValue = "0.6", description = "Chance that a below-guide episode recovers (default: ${DEFAULT-VALUE}).")
    double recoveryRate;

    @Option(names = "--diversion-rate", defaultValue = "0.05", description = "Chance that a received batch is diverted (default: ${DEFAULT-VALUE}).")
    double diversionRate;

    @Option(names = "--late-answer-rate", defaultValue = "0.05", description = "Chance that an order is answered after the SLA (rules.order-response-sla.sla) (default: ${DEFAULT-VALUE}).")
    double lateAnswerRate;

    @Option(names = "--missing-answer-rate", defaultValue = "0.03", description = "Chance that an order is never answered (default: ${DEFAULT-VALUE}).")
    double missingAnswerRate;

    @Option(names = "--duplicate-rate", defaultValue = "0.005", description = "Chance that a record is sent twice (default: ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--out-of-order-rate", defaultValue = "0.02", description = "Chance that a record is delayed by up to 90 s (default: ${DEFAULT-VALUE}).")
    double outOfOrderRate;

    @Option(names = "--malformed-rate", defaultValue = "0.002", description = "Chance that a malformed record follows a record (default: ${DEFAULT-VALUE}).")
    double malformedRate;

    SimulatorSettings settings(CommandLine cmd) {
        requireFraction(cmd, "--below-guide-rate", belowGuideRate);
        requireFraction(cmd, "--recovery-rate", recoveryRate);
        requireFraction(cmd, "--diversion-rate", diversionRate);
        requireFraction(cmd, "--late-answer-rate", lateAnswerRate);
        requireFraction(cmd, "--missing-answer-rate", missingAnswerRate);
        requireFraction(cmd, "--duplicate-rate", duplicateRate);
        requireFraction(cmd, "--out-of-order-rate", outOfOrderRate);
        requireFraction(cmd, "--malformed-rate", malformedRate);
        if (lateAnswerRate + missingAnswerRate > 0.9) {
            throw new CommandLine.ParameterException(cmd, "--late-answer-rate + --missing-answer-rate must be at most 0.9");
        }
        requirePositive(cmd, "--channels-per-type", channelsPerType);
        requirePositive(cmd, "--outlets-per-partner", outletsPerPartner);
        requirePositive(cmd, "--skus", skus);
        if (salesPerOutletHour <= 0) {
            throw new CommandLine.ParameterException(cmd, "--sales-per-outlet-hour must be > 0, got " + salesPerOutletHour);
        }
        Instant first = start != null ? start : Instant.now().minus(duration).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return new SimulatorSettings(seed, first, duration, channelsPerType, outletsPerPartner, skus,
                salesPerOutletHour, belowGuideRate, recoveryRate, diversionRate, lateAnswerRate,
                missingAnswerRate, duplicateRate, outOfOrderRate, malformedRate,
                SimulatorSettings.DEFAULT_SLA, SimulatorSettings.DEFAULT_ZONE);
    }

    private static void requireFraction(CommandLine cmd, String option, double value) {
        if (value < 0 || value > 1) {
            throw new CommandLine.ParameterException(cmd, option + " must be between 0 and 1, got " + value);
        }
    }

    private static void requirePositive(CommandLine cmd, String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(cmd, option + " must be at least 1, got " + value);
        }
    }
}
