package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's outputs, byte for byte, on a medium simulated history (58,298 records over 4 days, with
 * duplicates, out-of-order and malformed records). The expected digests were taken from the
 * two-pass replay that sorted its outputs in memory (commit cea00dc), with:
 *
 * <pre>
 * channel-pulse simulate --output-dir in --start 2026-11-01T00:00:00Z --history 4d \
 *     --channels-per-type 3 --outlets-per-partner 12 --skus 60 --seed 11 --malformed-rate 0.005
 * channel-pulse replay --input in --output out
 * </pre>
 *
 * A change of job semantics changes these digests on purpose; a change of how replay reads, clocks
 * or sorts must not.
 */
class ReplayOutputsUnchangedTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Map<String, String> INPUT = Map.of(
            "guide-prices.jsonl", "88cde09913d1df1a86566ce14447c57dfc26d285c64f8f7a826aaedd904991cc",
            "inventory.jsonl", "93fcc50ba4020f0a6194f3aa5adb27ea94b9985fa2e117aa7f697d57b5154910",
            "orders.jsonl", "ed0eed96a27fbe70957a0d167da5972307895f34337f457526a41eccd003438f",
            "partners.jsonl", "e877b9986a4f79f2cea8f824fc21f7950510a87e87a6d40db89cb0ba6fa0b191",
            "pos-sales.jsonl", "1a9995cdf899a639f2f74047effd525d0a21d1b859dd8326408b895a4342edff",
            "prices.jsonl", "06b5e8d66447293fdfa778f55012b027df30626afcf8fb4156a5879d1fb9e89b");

    static final Map<String, String> OUTPUT = Map.of(
            "alerts.jsonl", "903d7eb60388a91d10cc6cf81378e32fff66dfd813ffc56bf552acf7f8a9465e",
            "kpis.jsonl", "f8d5071bdf8ba65f677fd3b184b6c6ebda10574ea2e363f6851e5847824a0de9",
            "dead-letters.jsonl", "53139cc000fabfb02a0446d434a39617d951d6acbcb42c5f6f5298dec61f27c5");

    @Test
    void aMediumHistoryReplaysToTheSameBytesAsTheTwoPassInMemoryReplay(@TempDir Path dir) throws Exception {
        SimulatorSettings settings = new SimulatorSettings(11L, Instant.parse("2026-11-01T00:00:00Z"), Duration.ofDays(4),
                3, 12, 60, 2.0, 0.01, 0.6, 0.05, 0.05, 0.03, 0.005, 0.02, 0.005,
                SimulatorSettings.DEFAULT_SLA, SimulatorSettings.DEFAULT_ZONE);
        Path in = dir.resolve("in");
        SimulationWriter.toDirectory(new Simulator(settings).run(), in);
        assertThat(digests(in, INPUT.keySet())).as("the simulated input (the simulator changed?)").isEqualTo(new TreeMap<>(INPUT));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Path out = dir.resolve("out");
        Replay.Result result = new Replay(PulseConfig.defaults(), 2).run(env, in, out);

        assertThat(digests(out, OUTPUT.keySet())).isEqualTo(new TreeMap<>(OUTPUT));
        assertThat(result.summary().kpis()).isEqualTo(32_856);
        assertThat(result.summary().deadLettered().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(296);
        assertThat(result.summary().alertsByRule().values().stream().mapToLong(c -> c[0] + c[1]).sum()).isEqualTo(934);
        try (var left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no runs or staging left behind")
                    .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ReplayOutput.values()).map(ReplayOutput::fileName).toList());
        }
    }

    static Map<String, String> digests(Path dir, Iterable<String> files) throws IOException, NoSuchAlgorithmException {
        Map<String, String> out = new TreeMap<>();
        for (String file : files) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            out.put(file, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(dir.resolve(file)))));
        }
        return out;
    }
}
