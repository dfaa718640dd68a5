package io.channelpulse.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a simulation run: the lines to send in order, the injected anomalies, and totals a
 * test can check the KPIs against. {@code tierChanges} and {@code tierHolds} are the partner-tier
 * truth of an economics history (empty otherwise).
 */
public record Simulation(
        World world,
        List<Emission> emissions,
        List<GroundTruth.Anomaly> anomalies,
        Map<String, Long> eventsPerStream,
        Map<String, Long> duplicatesPerStream,
        Map<String, Long> malformedPerStream,
        long sales,
        BigDecimal revenue,
        List<GroundTruth.TierChange> tierChanges,
        List<GroundTruth.TierHold> tierHolds) {}
