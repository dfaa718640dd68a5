package io.channelpulse.replay;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.job.JobOutputs;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.serde.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job graph over files and writes sorted, diffable outputs ({@link ReplayOutput}): {@code
 * alerts.jsonl} (by eventTime), {@code kpis.jsonl} (by windowStart) and {@code dead-letters.jsonl}
 * (by eventTime, records without a readable time first). Runs in streaming mode, the same as live,
 * so timers and CEP behave identically; only the clock at the end differs (see {@link ReplayClock}).
 *
 * <p>One pass over the input, in memory that does not grow with it: the end-of-input clock is
 * found while the job reads, and the outputs are sorted externally ({@link SortedRuns}).
 */
public final class Replay {

    public static final String ALERTS_FILE = ReplayOutput.ALERTS.fileName();
    public static final String KPIS_FILE = ReplayOutput.KPIS.fileName();
    public static final String DEAD_LETTERS_FILE = ReplayOutput.DEAD_LETTERS.fileName();
    public static final String PARTNER_TIERS_FILE = ReplayOutput.PARTNER_TIERS.fileName();
    public static final String CHANNEL_ECONOMICS_FILE = ReplayOutput.CHANNEL_ECONOMICS.fileName();

    private final PulseConfig config;
    private final int parallelism;

    public Replay(PulseConfig config, int parallelism) {
        this.config = config;
        this.parallelism = parallelism;
    }

    /**
     * The result of one replay: where its outputs are, and what it read and produced. The outputs
     * stay on disk; {@link #alerts()}, {@link #kpis()} and {@link #deadLetters()} read them back,
     * in file order, for callers that want them in memory (tests, small inputs).
     */
    public record Result(Path directory, ReplaySummary summary) {

        public List<Alert> alerts() {
            return read(ReplayOutput.ALERTS, Alert.class);
        }

        public List<ChannelKpi> kpis() {
            return read(ReplayOutput.KPIS, ChannelKpi.class);
        }

        public List<DeadLetter> deadLetters() {
            return read(ReplayOutput.DEAD_LETTERS, DeadLetter.class);
        }

        public List<PartnerTierRecord> partnerTiers() {
            return read(ReplayOutput.PARTNER_TIERS, PartnerTierRecord.class);
        }

        public List<ChannelEconomics> channelEconomics() {
            return read(ReplayOutput.CHANNEL_ECONOMICS, ChannelEconomics.class);
        }

        private <T> List<T> read(ReplayOutput output, Class<T> type) {
            ObjectReader reader = Json.mapper().readerFor(type);
            List<T> records = new ArrayList<>();
            try (Stream<String> lines = Files.lines(directory.resolve(output.fileName()), StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    records.add(reader.readValue(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return records;
        }
    }

    /** Runs a replay of {@code input} on a local MiniCluster and writes the outputs to {@code output}. */
    public Result run(Path input, Path output) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return run(env, input, output);
    }

    /**
     * Runs a replay in the given local environment (tests pass a MiniCluster environment), with the
     * job's engine settings ({@link ChannelPulseJob#engineDefaults}: object reuse, no Kryo).
     */
    public Result run(StreamExecutionEnvironment env, Path input, Path output) throws Exception {
        env.configure(ChannelPulseJob.engineDefaults(new Configuration()));
        Files.createDirectories(output);
        Path staging = Files.createTempDirectory(output, ".replay-staging-");
        try (ReplayClocks.Handle clocks = ReplayInputs.clocks()) {
            JobOutputs outputs = new ChannelPulseJob(config, false)
                    .build(ReplayInputs.create(env, input, config, clocks));
            outputs.alerts().sinkTo(new SortedRunsSink<>(staging, ReplayOutput.ALERTS, Alert.class))
                    .name("Alerts file").uid("replay-alerts-sink");
            outputs.kpis().sinkTo(new SortedRunsSink<>(staging, ReplayOutput.KPIS, ChannelKpi.class))
                    .name("KPIs file").uid("replay-kpis-sink");
            outputs.deadLetters().sinkTo(new SortedRunsSink<>(staging, ReplayOutput.DEAD_LETTERS, DeadLetter.class))
                    .name("Dead letters file").uid("replay-dead-letters-sink");
            outputs.partnerTiers().sinkTo(new SortedRunsSink<>(staging, ReplayOutput.PARTNER_TIERS, PartnerTierRecord.class))
                    .name("Partner tiers file").uid("replay-partner-tiers-sink");
            outputs.channelEconomics().sinkTo(new SortedRunsSink<>(staging, ReplayOutput.CHANNEL_ECONOMICS, ChannelEconomics.class))
                    .name("Channel economics file").uid("replay-channel-economics-sink");
            JobExecutionResult job = env.execute("channel-pulse-replay " + input.getFileName());

            ReplaySummary.Tally tally = new ReplaySummary.Tally();
            merge(staging, output, ReplayOutput.ALERTS, Alert.class, tally::alert);
            merge(staging, output, ReplayOutput.KPIS, ChannelKpi.class, kpi -> tally.kpi());
            merge(staging, output, ReplayOutput.DEAD_LETTERS, DeadLetter.class, tally::deadLetter);
            merge(staging, output, ReplayOutput.PARTNER_TIERS, PartnerTierRecord.class, tier -> { });
            merge(staging, output, ReplayOutput.CHANNEL_ECONOMICS, ChannelEconomics.class, month -> { });
            return new Result(output, tally.summary(job.getAllAccumulatorResults()));
        } finally {
            deleteRecursively(staging);
        }
    }

    private static <T> void merge(Path staging, Path output, ReplayOutput file, Class<T> type, Consumer<T> each)
            throws IOException {
        SortedRuns.merge(SortedRuns.runsOf(staging, file.stem()), type, file.order(type),
                output.resolve(file.fileName()), each);
    }

    /**
     * Sorts the three outputs in place, in {@link ReplayOutput}'s orders, and writes them to {@code
     * dir} as {@value #ALERTS_FILE}, {@value #KPIS_FILE} and {@value #DEAD_LETTERS_FILE}: what
     * {@code export} writes, so its directory and a replay's compare with a plain {@code diff -r}.
     */
    public static void writeSorted(Path dir, List<Alert> alerts, List<ChannelKpi> kpis, List<DeadLetter> deadLetters)
            throws IOException {
        Files.createDirectories(dir);
        alerts.sort(ReplayOutput.ALERT_ORDER);
        kpis.sort(ReplayOutput.KPI_ORDER);
        deadLetters.sort(ReplayOutput.DEAD_LETTER_ORDER);
        writeLines(dir.resolve(ALERTS_FILE), alerts);
        writeLines(dir.resolve(KPIS_FILE), kpis);
        writeLines(dir.resolve(DEAD_LETTERS_FILE), deadLetters);
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        ObjectWriter writer = Json.mapper().writer();
        try (BufferedWriter out = SortedRunsSink.utf8Writer(file)) {
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
