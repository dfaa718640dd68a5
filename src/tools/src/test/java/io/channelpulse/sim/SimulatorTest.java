package io.channelpulse.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.Rule;
import io.channelpulse.replay.Replay;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's world, its determinism, and the job checked against its ground truth. */
class SimulatorTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    static SimulatorSettings twoDays() {
        return SimulatorSettings.defaults(START, Duration.ofDays(2));
    }

    @Test
    void sameSeedGivesTheSameLinesAndAnotherSeedDoesNot() {
        Simulation a = new Simulator(twoDays()).run();
        Simulation b = new Simulator(twoDays()).run();
        Simulation c = new Simulator(twoDays().withSeed(7)).run();
        assertThat(a.emissions()).isEqualTo(b.emissions());
        assertThat(a.anomalies()).isEqualTo(b.anomalies());
        assertThat(c.emissions()).isNotEqualTo(a.emissions());
    }

    @Test
    void worldHasAllChannelTypesAndTiersByRevenueWeight() {
        World world = new Simulator(twoDays()).run().world();
        assertThat(world.channels()).extracting(World.Channel::type).containsOnly(
                io.channelpulse.model.ChannelType.ONLINE, io.channelpulse.model.ChannelType.DEALER,
                io.channelpulse.model.ChannelType.DIRECT_STORE, io.channelpulse.model.ChannelType.SUPERMARKET);
        long core = world.partners().stream().filter(p -> p.tier() == PartnerTier.CORE).count();
        long quality = world.partners().stream().filter(p -> p.tier() == PartnerTier.QUALITY).count();
        assertThat(core).isEqualTo(Math.round(Math.ceil(world.partners().size() * 0.2)));
        assertThat(quality).isPositive();
        assertThat(world.outlets()).allSatisfy(o -> assertThat(o.partner().regions()).contains(o.regionId()));
    }

    @Test
    void injectsEveryKindOfAnomalyAndNoise() {
        Simulation sim = new Simulator(twoDays()).run();
        assertThat(sim.anomalies()).extracting(GroundTruth.Anomaly::rule)
                .contains(java.util.Arrays.stream(Rule.values()).filter(r -> !r.isEconomics()).toArray(Rule[]::new))
                .as("the economics cases need months: only an economics history injects them")
                .noneMatch(Rule::isEconomics);
        assertThat(sim.anomalies()).anyMatch(a -> a.rule() == Rule.PRICE_BELOW_GUIDE && a.resolvedAt() != null);
        assertThat(sim.anomalies()).anyMatch(a -> a.rule() == Rule.PRICE_BELOW_GUIDE && a.resolvedAt() == null);
        assertThat(sim.anomalies()).anyMatch(a -> a.detail().startsWith("CROSS_CHANNEL"));
        assertThat(sim.anomalies()).anyMatch(a -> a.detail().startsWith("CROSS_REGION"));
        assertThat(sim.anomalies()).anyMatch(a -> a.detail().equals("answered late"));
        assertThat(sim.anomalies()).anyMatch(a -> a.detail().equals("never answered"));
        assertThat(sim.duplicatesPerStream().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(sim.malformedPerStream().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    void replayOfASimulatedHistoryFindsExactlyTheInjectedAnomalies(@TempDir Path dir) throws Exception {
        SimulatorSettings settings = twoDays();
        Simulation sim = new Simulator(settings).run();
        SimulationWriter.toDirectory(sim, dir.resolve("in"));
        SimulationWriter.groundTruth(sim, dir.resolve("ground-truth.jsonl"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Replay.Result result = new Replay(PulseConfig.defaults(), 2).run(env, dir.resolve("in"), dir.resolve("out"));

        GroundTruth.Comparison check = GroundTruth.compare(sim.anomalies(), result.alerts(), settings.end().minus(Duration.ofMinutes(5)));
        assertThat(check.missing()).as("injected anomalies the job missed").isEmpty();
        assertThat(check.unexpected()).as("alerts nothing was injected for").isEmpty();
        assertThat(check.expected()).isGreaterThan(20);

        long malformed = sim.malformedPerStream().values().stream().mapToLong(Long::longValue).sum();
        assertThat(result.deadLetters()).hasSize((int) malformed);
        assertThat(result.summary().deduplicated().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(sim.duplicatesPerStream().values().stream().mapToLong(Long::longValue).sum());
        BigDecimal revenue = result.kpis().stream().map(ChannelKpi::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(revenue).isEqualByComparingTo(sim.revenue());
        assertThat(result.kpis().stream().mapToLong(ChannelKpi::transactions).sum()).isEqualTo(sim.sales());
        assertThat(Files.readAllLines(dir.resolve("ground-truth.jsonl"))).hasSize(sim.anomalies().size() + 1);
    }
}
