package io.channelpulse.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.replay.Replay;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of the simulator's 14-month economics history finds exactly the injected cases: the
 * three economics alerts at the closes the ground truth names, the four tier changes and no other,
 * the one-close crossings computed but not published, and no cost period-closed.
 */
class EconomicsReplayOfSimulationTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void replayOfFourteenSimulatedMonthsFindsExactlyTheInjectedEconomicsCases(@TempDir Path dir) throws Exception {
        SimulatorSettings settings = SimulatorSettings.economicsDefaults(EconomicsSimulatorTest.START, 14);
        Simulation sim = new Simulator(settings).run();
        SimulationWriter.toDirectory(sim, dir.resolve("in"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long started = System.nanoTime();
        Replay.Result result = new Replay(PulseConfig.defaults(), 2).run(env, dir.resolve("in"), dir.resolve("out"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("replay of a 14-month simulated economics history (%d records): %d ms%n", sim.emissions().size(), millis);

        String lastClosed = EconomicsPlan.lastClosedPeriod(settings);
        Instant horizon = EconomicsPlan.closeOf(settings, settings.economics().months() - 1);
        GroundTruth.Comparison alerts = GroundTruth.compare(sim.anomalies(), result.alerts(), horizon);
        assertThat(alerts.missing()).as("injected cases the job missed").isEmpty();
        assertThat(alerts.unexpected()).as("alerts nothing was injected for").isEmpty();
        assertThat(alerts.expected()).isEqualTo(3);

        List<String> expected = new ArrayList<>();
        for (GroundTruth.Anomaly a : sim.anomalies()) {
            expected.add(a.rule() + " " + a.key() + " FIRING " + a.dueAt());
            expected.add(a.rule() + " " + a.key() + " RESOLVED " + a.resolvedAt());
        }
        assertThat(result.alerts()).as("one FIRING and one RESOLVED per case, each at its close")
                .extracting(a -> a.rule() + " " + GroundTruth.keyOf(a) + " " + a.status() + " " + a.eventTime())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.alerts()).filteredOn(a -> a.status() == AlertStatus.FIRING).extracting(Alert::rule)
                .allMatch(r -> r.isEconomics());

        List<PartnerTierRecord> tiers = result.partnerTiers();
        GroundTruth.Comparison tierCheck = GroundTruth.compareTiers(sim.tierChanges(), sim.tierHolds(), tiers, lastClosed);
        assertThat(tierCheck.missing()).as("tier changes and holds the job missed").isEmpty();
        assertThat(tierCheck.unexpected()).as("tier changes nothing was injected for").isEmpty();
        assertThat(tierCheck.matched()).isEqualTo(6);
        assertThat(tiers).filteredOn(t -> t.kind().equals(PartnerTierRecord.TIER)).hasSize(16 * 13)
                .extracting(PartnerTierRecord::period).allMatch(p -> p.compareTo(lastClosed) <= 0);

        assertThat(result.deadLetters()).noneMatch(d -> DeadLetter.PERIOD_CLOSED.equals(d.reason()));
        long malformed = sim.malformedPerStream().values().stream().mapToLong(Long::longValue).sum();
        assertThat(result.deadLetters()).hasSize((int) malformed);
    }
}
