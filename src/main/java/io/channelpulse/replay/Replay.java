package io.channelpulse.replay;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

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

    private final PulseConfig config;
    private final int parallelism;

    public Replay(PulseConfig config, int parallelism) {
        this.config = config;
        this.parallelism = parallelism;
    }

    /** The result of one replay, with outputs in their file order. */
    public record Result(List<Alert> alerts, List<ChannelKpi> kpis, List<DeadLetter> deadLetters, ReplaySummary summary) {}

    /** Runs a replay of {@code input} on a local MiniCluster. */
    public Result run(Path input) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return run(env, input);
    }

    /** Runs a replay in the given environment (tests pass a MiniCluster environment). */
    public Result run(StreamExecutionEnvironment env, Path input) throws Exception {
        JobOutputs outputs = new ChannelPulseJob(config, false).build(ReplayInputs.create(env, input, config));
        CloseableIterator<Alert> alertIt = outputs.alerts().collectAsync();
        CloseableIterator<ChannelKpi> kpiIt = outputs.kpis().collectAsync();
        CloseableIterator<DeadLetter> deadIt = outputs.deadLetters().collectAsync();
        JobClient client = env.executeAsync("channel-pulse-replay");
        // Drain all three at once: a collect sink that nobody reads blocks the whole job.
        CompletableFuture<List<Alert>> alertsF = CompletableFuture.supplyAsync(() -> drain(alertIt));
        CompletableFuture<List<ChannelKpi>> kpisF = CompletableFuture.supplyAsync(() -> drain(kpiIt));
        CompletableFuture<List<DeadLetter>> deadF = CompletableFuture.supplyAsync(() -> drain(deadIt));
        JobExecutionResult result = client.getJobExecutionResult().get();
        List<Alert> alerts = alertsF.get();
        List<ChannelKpi> kpis = kpisF.get();
        List<DeadLetter> dead = deadF.get();
        alerts.sort(ALERT_ORDER);
        kpis.sort(KPI_ORDER);
        dead.sort(DEAD_LETTER_ORDER);
        return new Result(alerts, kpis, dead,
                ReplaySummary.of(result.getAllAccumulatorResults(), alerts, dead, kpis.size()));
    }

    public static void write(Result result, Path output) throws IOException {
        Files.createDirectories(output);
        writeLines(output.resolve("alerts.jsonl"), result.alerts());
        writeLines(output.resolve("kpis.jsonl"), result.kpis());
        writeLines(output.resolve("dead-letters.jsonl"), result.deadLetters());
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        ObjectWriter writer = Json.mapper().writer();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Object record : records) {
                out.write(writer.writeValueAsString(record));
                out.newLine();
            }
        }
    }

    private static <T> List<T> drain(CloseableIterator<T> it) {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
        return out;
    }
}
