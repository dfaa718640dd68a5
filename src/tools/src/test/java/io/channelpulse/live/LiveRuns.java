package io.channelpulse.live;

import io.channelpulse.kafka.KafkaInputs;
import io.channelpulse.kafka.KafkaOutputs;
import io.channelpulse.kafka.TransactionTimeoutCheck;
import io.channelpulse.support.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.job.JobInputs;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PriceCheck;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import io.channelpulse.serde.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Starting, watching and checking the live job in MiniCluster tests: restart strategies, the
 * committed output read back with {@code read_committed}, checkpoint statistics, an injected
 * failure, and the check that no transaction is left open.
 */
final class LiveRuns {

    static final Duration WAIT = Duration.ofSeconds(90);

    private LiveRuns() {}

    /** A fixed-delay restart strategy. */
    static Configuration restarts(int attempts, Duration delay) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return conf;
    }

    /** Wires the live job at {@code parallelism} with {@code flink} settings and submits it. */
    static JobClient start(PulseConfig config, int parallelism, Configuration flink, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        LiveJob.wire(env, config);
        return env.executeAsync(name);
    }

    /** The records this job has read from Kafka so far, over all input topics. */
    static long recordsRead(JobClient job) throws Exception {
        Map<String, Object> acc = job.getAccumulators().get(30, TimeUnit.SECONDS);
        long read = 0;
        for (EventStream<?> stream : EventStream.ALL) {
            Object n = acc.get("records-read." + stream.name());
            read += n == null ? 0 : ((Number) n).longValue();
        }
        return read;
    }

    static void awaitRecordsRead(JobClient job, long records) throws Exception {
        await("the job to read " + records + " records", () -> recordsRead(job) >= records);
    }

    /** Polls {@code condition} until it holds; fails after {@link #WAIT}. */
    static void await(String what, CheckedCondition condition) throws Exception {
        Instant until = Instant.now().plus(WAIT);
        while (!condition.holds()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    interface CheckedCondition {
        boolean holds() throws Exception;
    }

    /** Checkpoint statistics of a job running on {@code cluster}. */
    static CheckpointStatsSnapshot checkpointStats(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
    }

    /** Size of the newest completed checkpoint, or 0 before the first. */
    static long latestCheckpointSize(MiniCluster cluster, JobID job) throws Exception {
        var latest = checkpointStats(cluster, job).getHistory().getLatestCompletedCheckpoint();
        return latest == null ? 0 : latest.getStateSize();
    }

    /** Reads the three output topics until each holds at least the given number of records. */
    static Output awaitOutput(EmbeddedKafka kafka, PulseConfig config, int alerts, int kpis, int deadLetters) {
        return new Output(
                KafkaTestSupport.readCommitted(kafka, config.topics().alerts(), WAIT, r -> r.size() >= alerts),
                KafkaTestSupport.readCommitted(kafka, config.topics().kpis(), WAIT, r -> r.size() >= kpis),
                KafkaTestSupport.readCommitted(kafka, config.topics().deadLetters(), WAIT, r -> r.size() >= deadLetters));
    }

    /** What the job committed to its three output topics. */
    record Output(
            List<ConsumerRecord<String, String>> alerts,
            List<ConsumerRecord<String, String>> kpis,
            List<ConsumerRecord<String, String>> deadLetters) {

        List<Alert> alertValues() {
            return values(alerts, Alert.class);
        }

        List<ChannelKpi> kpiValues() {
            return values(kpis, ChannelKpi.class);
        }

        List<DeadLetter> deadLetterValues() {
            return values(deadLetters, DeadLetter.class);
        }

        static <T> List<T> values(List<ConsumerRecord<String, String>> records, Class<T> type) {
            ObjectReader reader = Json.mapper().readerFor(type);
            return records.stream().map(r -> {
                try {
                    return reader.<T>readValue(r.value());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }

    /** An alert without its wall-clock emission time, for comparing live with replay. */
    static Alert timeless(Alert a) {
        return a.withEmittedAt(Instant.EPOCH);
    }

    /**
     * The committed output is exactly the expected one: every alert (status changes included) and
     * every KPI window once, none missing, none extra, none twice.
     */
    static void assertExactly(Output out, List<Alert> alerts, List<ChannelKpi> kpis) {
        List<String> alertIds = out.alertValues().stream().map(a -> a.alertId() + "/" + a.status()).toList();
        assertThat(alertIds).as("alert status changes committed twice").doesNotHaveDuplicates();
        assertThat(out.alertValues()).map(LiveRuns::timeless).as("alerts, live against replay")
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(LiveRuns::timeless).toList());
        Map<String, List<ChannelKpi>> byWindow = new java.util.TreeMap<>();
        for (ChannelKpi kpi : out.kpiValues()) {
            byWindow.computeIfAbsent(kpi.channelId() + "@" + kpi.windowStart(), k -> new java.util.ArrayList<>()).add(kpi);
        }
        Map<String, List<ChannelKpi>> twice = new java.util.TreeMap<>(byWindow);
        twice.values().removeIf(l -> l.size() < 2);
        assertThat(twice).as("KPI windows committed more than once").isEmpty();
        assertThat(out.kpiValues()).as("KPI windows, live against replay, both directions")
                .containsExactlyInAnyOrderElementsOf(kpis);
    }

    /** The KPI windows a live job has closed once its event time stands at {@code watermark}. */
    static List<ChannelKpi> closedBy(List<ChannelKpi> kpis, Instant watermark) {
        return kpis.stream().filter(k -> !k.windowEnd().isAfter(watermark)).toList();
    }

    /** Live event time once ticks at {@code tick} are read: the tick minus the out-of-orderness bound. */
    static Instant liveWatermark(PulseConfig config, Instant tick) {
        return tick.minus(config.outOfOrderness()).minusMillis(1);
    }

    /**
     * No transaction of the job is left open: the broker lists none of its transactional ids as
     * ongoing, and on every output partition a {@code read_committed} reader can reach the end
     * (the last stable offset has caught up with the high watermark). A transaction of a failed or
     * replaced job that nobody aborted would hold the last stable offset back until it timed out.
     */
    static void assertNoOpenTransactions(EmbeddedKafka kafka, PulseConfig config) throws Exception {
        String prefix = config.kafka().transactionalIdPrefix();
        await("no open transactions of " + prefix, () -> openTransactions(kafka, prefix).isEmpty()
                && lastStableOffsetsAtEnd(kafka, config));
    }

    static List<TransactionListing> openTransactions(EmbeddedKafka kafka, String prefix) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.listTransactions(new ListTransactionsOptions()
                            .filterStates(List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                                    TransactionState.PREPARE_ABORT)))
                    .all().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.transactionalId().startsWith(prefix + "-"))
                    .toList();
        }
    }

    private static boolean lastStableOffsetsAtEnd(EmbeddedKafka kafka, PulseConfig config) {
        List<String> topics = List.of(config.topics().alerts(), config.topics().kpis(), config.topics().deadLetters());
        Map<TopicPartition, Long> committed = endOffsets(kafka, topics, "read_committed");
        Map<TopicPartition, Long> all = endOffsets(kafka, topics, "read_uncommitted");
        return committed.equals(all);
    }

    private static Map<TopicPartition, Long> endOffsets(EmbeddedKafka kafka, List<String> topics, String isolation) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("isolation.level", isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (String topic : topics) {
                List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                out.putAll(consumer.endOffsets(tps));
            }
            return out;
        }
    }

    private static final Pattern RESTORED = Pattern.compile("Restoring job \\S+ from Checkpoint (\\d+)");
    private static final Pattern FENCED_ID = Pattern.compile("transactionalId='[^']*-(\\d+)'");

    /**
     * The Kafka sink reported no data loss. After a restore, the committer commits the restored
     * checkpoint's transactions again; those were already committed before the failure, and a
     * broker with transactions V2 has bumped their epoch since, so it answers "fenced" and the
     * connector logs its data-loss ERROR. Such a report is a false alarm exactly when the
     * transaction belongs to a checkpoint the job restored from (transactional ids end with the
     * checkpoint id); any other fenced commit, or "potentially lost", is real.
     */
    static void assertNoDataLossReported(LogCapture connector, LogCapture coordinator) {
        Set<String> restored = new HashSet<>();
        for (String m : coordinator.messages()) {
            Matcher r = RESTORED.matcher(m);
            if (r.find()) {
                restored.add(r.group(1));
            }
        }
        for (String m : connector.messages()) {
            assertThat(m).as("Kafka sink report").doesNotContain("potentially lost");
            if (m.contains("fenced")) {
                Matcher id = FENCED_ID.matcher(m);
                assertThat(id.find() && restored.contains(id.group(1)))
                        .as("fenced commit of a transaction not from a restored checkpoint %s: %s", restored, m)
                        .isTrue();
            }
        }
    }

    /** Captures what the Kafka connector warns about and which checkpoints the job restores. */
    static LogCapture connectorWarnings() {
        return new LogCapture("org.apache.flink.connector.kafka", Level.WARN);
    }

    static LogCapture restores() {
        return new LogCapture("org.apache.flink.runtime.checkpoint.CheckpointCoordinator", Level.INFO);
    }

    /** Wires the live job with {@link FailOnce} on the price checks. */
    static void wireWithFailure(StreamExecutionEnvironment env, PulseConfig config) {
        TransactionTimeoutCheck.check(config);
        env.configure(LiveJob.flinkConfiguration(config));
        JobInputs in = KafkaInputs.create(env, config);
        DataStream<Parsed<PriceCheck>> failing = in.prices().map(new FailOnce<>()).returns(in.prices().getType());
        JobInputs withFailure = new JobInputs(in.posSales(), failing, in.inventory(), in.orders(), in.channelCosts(),
                in.guidePrices(), in.partners());
        KafkaOutputs.attach(new ChannelPulseJob(config, true).build(withFailure), config);
    }

    /**
     * Passes records through; once {@link #arm armed}, throws on the first record after a
     * checkpoint has completed in this attempt. Static flags: one failure test at a time.
     */
    static final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
        static final AtomicBoolean armed = new AtomicBoolean();
        static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicBoolean checkpointSeen = new AtomicBoolean();
        private transient boolean checkpointed;

        static void reset() {
            armed.set(false);
            failed.set(false);
            checkpointSeen.set(false);
        }

        static void arm() {
            armed.set(true);
        }

        @Override
        public void open(OpenContext ctx) {
            checkpointed = false;
        }

        @Override
        public T map(T value) {
            if (checkpointed && armed.compareAndSet(true, false)) {
                failed.set(true);
                throw new IllegalStateException("injected failure for an exactly-once test");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            checkpointSeen.set(true);
        }
    }
}
