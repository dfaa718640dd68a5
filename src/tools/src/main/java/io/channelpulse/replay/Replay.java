package io.channelpulse.replay;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.job.JobOutputs;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job graph over files and writes sorted, diffable outputs: {@code alerts.jsonl} (by
 * eventTime), {@code kpis.jsonl} (by windowStart) and {@code dead-letters.jsonl} (by eventTime,
 * records without a readable time first). Runs in streaming mode, the same as live, so timers and
 * CEP behave identically; only the clock at the end differs (see EventTimeHorizon).
 */
public final class Replay {

    public static final Comparator<Alert> ALERT_ORDER = Comparator
            .comparing(Alert::eventTime)
            .thenComparing(Alert::rule)
            .thenComparing(Alert::alertId)
            .thenComparing(Alert::status);
    public static final Comparator<ChannelKpi> KPI_ORDER = Comparator
            .comparing(ChannelKpi::windowStart)
            .thenComparing(ChannelKpi::channelId);
    public static final Comparator<DeadLetter> DEAD_LETTER_ORDER = Comparator
            .comparing(DeadLetter::eventTime, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(DeadLetter::stream)
            .thenComparing(d -> d.line() == null ? -1L : d.line())
            .thenComparing(d -> d.reason());

    public static final String ALERTS_FILE = "alerts.jsonl";
    public static final String KPIS_FILE = "kpis.jsonl";
    public static final String DEAD_LETTERS_FILE = "dead-letters.jsonl";

    private final PulseConfig config;
    private final int parallelism;

    public Replay(PulseConfig config, int parallelism) {
        this.config = config;
        this.parallelism = parallelism;
    }

    /** The result of one replay, with outputs in their file order. */
    public record Result(List<Alert> alerts, List<ChannelKpi> kpis, List<DeadLetter> deadLetters, ReplaySummary summary) {}

    /** Runs a replay of {@code input} on a local MiniCluster and writes the outputs to {@code output}. */
    public Result run(Path input, Path output) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return run(env, input, output);
    }

    /** Runs a replay in the given environment (tests pass a MiniCluster environment). */
    public Result run(StreamExecutionEnvironment env, Path input, Path output) throws Exception {
        Files.createDirectories(output);
        Path staging = Files.createTempDirectory(output, ".replay-staging-");
        try {
            JobOutputs outputs = new ChannelPulseJob(config, false)
                    .build(ReplayInputs.create(env, input, config));
            outputs.alerts().sinkTo(new JsonLinesSink<>(staging, "alerts")).name("Alerts file").uid("replay-alerts-sink");
            outputs.kpis().sinkTo(new JsonLinesSink<>(staging, "kpis")).name("KPIs file").uid("replay-kpis-sink");
            outputs.deadLetters().sinkTo(new JsonLinesSink<>(staging, "dead-letters")).name("Dead letters file").uid("replay-dead-letters-sink");
            JobExecutionResult job = env.execute("channel-pulse-replay " + input.getFileName());

            List<Alert> alerts = readParts(staging, "alerts", Alert.class);
            List<ChannelKpi> kpis = readParts(staging, "kpis", ChannelKpi.class);
            List<DeadLetter> dead = readParts(staging, "dead-letters", DeadLetter.class);
            writeSorted(output, alerts, kpis, dead);
            return new Result(alerts, kpis, dead,
                    ReplaySummary.of(job.getAllAccumulatorResults(), alerts, dead, kpis.size()));
        } finally {
            deleteRecursively(staging);
        }
    }

    private static <T> List<T> readParts(Path staging, String name, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        ObjectReader reader = Json.mapper().readerFor(type);
        try (Stream<Path> parts = Files.list(staging)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith(JsonLinesSink.partPrefix(name))).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    records.add(reader.readValue(line));
                }
            }
        }
        return records;
    }

    /**
     * Sorts the three outputs in place ({@link #ALERT_ORDER}, {@link #KPI_ORDER}, {@link
     * #DEAD_LETTER_ORDER}) and writes them to {@code dir} as {@value #ALERTS_FILE}, {@value
     * #KPIS_FILE} and {@value #DEAD_LETTERS_FILE}. Replay and {@code export} both write through
     * here, so their directories compare with a plain {@code diff -r}.
     */
    public static void writeSorted(Path dir, List<Alert> alerts, List<ChannelKpi> kpis, List<DeadLetter> deadLetters)
            throws IOException {
        Files.createDirectories(dir);
        alerts.sort(ALERT_ORDER);
        kpis.sort(KPI_ORDER);
        deadLetters.sort(DEAD_LETTER_ORDER);
        writeLines(dir.resolve(ALERTS_FILE), alerts);
        writeLines(dir.resolve(KPIS_FILE), kpis);
        writeLines(dir.resolve(DEAD_LETTERS_FILE), deadLetters);
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        ObjectWriter writer = Json.mapper().writer();
        try (BufferedWriter out = JsonLinesSink.utf8Writer(file)) {
            for (Object record : records) {
                out.write(writer.writeValueAsString(record));
                out.newLine();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
