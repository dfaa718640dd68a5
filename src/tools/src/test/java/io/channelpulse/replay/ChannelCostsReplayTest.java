package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.EventStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code channel-costs} replay file: read, parsed, deduplicated and dead-lettered like every
 * event stream, optional like every file, and (until the economics rules consume it) without any
 * effect on alerts or KPIs.
 */
class ChannelCostsReplayTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path BASIC = Path.of("src/test/resources/replay/basic");
    static final String COSTS = "channel-costs";

    static Replay.Result replay(Path input, Path output) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.setParallelism(2);
        return new Replay(PulseConfig.defaults(), 2).run(env, input, output);
    }

    @Test
    void aBadCostIsADeadLetterNamingItsFieldADuplicateIsDroppedAndNothingElseChanges(@TempDir Path dir) throws Exception {
        Path withCosts = Files.createDirectories(dir.resolve("with-costs"));
        try (var files = Files.list(BASIC)) {
            for (Path file : files.toList()) {
                Files.copy(file, withCosts.resolve(file.getFileName()));
            }
        }
        Files.write(withCosts.resolve(COSTS + ".jsonl"), List.of(
                "{\"eventId\":\"c-1\",\"eventTime\":\"2026-11-29T09:00:00Z\",\"period\":\"2026-11\",\"channelId\":\"CH-DEALER\","
                        + "\"partnerId\":\"P-DEALER-1\",\"category\":\"MARKETING\",\"amount\":1500.25}",
                "{\"eventId\":\"c-2\",\"eventTime\":\"2026-11-29T09:01:00Z\",\"period\":\"2026-13\",\"channelId\":\"CH-DEALER\","
                        + "\"category\":\"RENT\",\"amount\":9000}",
                "{\"eventId\":\"c-1\",\"eventTime\":\"2026-11-29T09:00:00Z\",\"period\":\"2026-11\",\"channelId\":\"CH-DEALER\","
                        + "\"partnerId\":\"P-DEALER-1\",\"category\":\"MARKETING\",\"amount\":1500.25}"),
                StandardCharsets.UTF_8);

        Replay.Result without = replay(BASIC, dir.resolve("out-basic"));
        Replay.Result with = replay(withCosts, dir.resolve("out-with-costs"));

        assertThat(without.summary().read()).as("a directory without the file: an empty stream").containsEntry(COSTS, 0L);
        assertThat(without.deadLetters()).noneMatch(d -> COSTS.equals(d.stream()));

        assertThat(with.summary().read()).containsEntry(COSTS, 3L);
        assertThat(with.summary().deadLettered()).containsEntry(COSTS, 1L);
        assertThat(with.summary().deduplicated()).containsEntry(COSTS, 1L);
        assertThat(with.summary().late()).containsEntry(COSTS, 0L);
        List<DeadLetter> costLetters = with.deadLetters().stream().filter(d -> COSTS.equals(d.stream())).toList();
        assertThat(costLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.CONSTRAINT);
            assertThat(d.field()).isEqualTo("period");
            assertThat(d.message()).contains("'period'").contains("YYYY-MM").contains("2026-13");
            assertThat(d.file()).isEqualTo(COSTS + ".jsonl");
            assertThat(d.line()).isEqualTo(2L);
            assertThat(d.eventTime()).isEqualTo(Instant.parse("2026-11-29T09:01:00Z"));
            assertThat(d.payload()).contains("\"c-2\"");
        });

        assertThat(with.alerts()).as("costs feed no rule yet").isEqualTo(without.alerts());
        assertThat(with.kpis()).isEqualTo(without.kpis());
        assertThat(with.deadLetters().stream().filter(d -> !COSTS.equals(d.stream())).toList())
                .isEqualTo(without.deadLetters());
        assertThat(EventStream.CHANNEL_COSTS.name()).isEqualTo(COSTS);
    }
}
