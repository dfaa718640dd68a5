package io.channelpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.model.Alert;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Live throughput and correctness at a month's size on this machine. A simulated backlog is
 * produced to the embedded broker first; then the live job (parallelism 2, exactly-once sinks, 10 s
 * checkpoints to the filesystem) is started and timed until it has read every record. It then
 * checks the job's checkpoints through Flink's REST API (none may fail) and compares the committed
 * alerts (read_committed) with a replay of the same history. Not a test.
 *
 * <p>It always ends with one verdict line: {@code COMPLETED} (exit 0) only when every record was
 * read within the cap, no checkpoint failed and the alerts match; otherwise {@code TIMED OUT} or
 * {@code FAILED} (exit 1), never a throughput as if it had finished.
 *
 * <p>Usage: {@code LiveThroughput [HISTORY_DAYS] [OUTLETS_PER_PARTNER] [CAP_MINUTES]}; {@code
 * -Dstate.backend=rocksdb} selects RocksDB.
 */
public final class LiveThroughput {

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 14;
        int outlets = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Duration cap = Duration.ofMinutes(args.length > 2 ? Long.parseLong(args[2]) : 20);
        String backend = System.getProperty("state.backend", Checkpointing.HASHMAP);
        Path dir = Files.createTempDirectory("pulse-bench-");
        int exit;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            exit = run(kafka, dir, days, outlets, cap, backend);
        }
        System.exit(exit);
    }

    private static int run(EmbeddedKafka kafka, Path dir, int days, int outlets, Duration cap, String backend)
            throws Exception {
        PulseConfig d = PulseConfig.defaults();
        PulseConfig config = d.withKafka(d.kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withIdleTimeout(Duration.ofSeconds(5))
                .withCheckpoint(Checkpointing.of(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5))
                        .withDirectory(dir.resolve("checkpoints").toUri().toString())
                        .withStateBackend(backend));
        List<String> topics = new ArrayList<>(config.topics().inputs().values());
        topics.addAll(config.topics().outputs());
        kafka.createTopics(topics, 2);

        SimulatorSettings settings = SimulatorSettings.defaults(Instant.parse("2026-11-01T00:00:00Z"), Duration.ofDays(days)).withOutletsPerPartner(outlets);
        Simulation sim = new Simulator(settings).run();
        long produceStart = System.nanoTime();
        long records = SimulationWriter.toKafka(sim, config, Double.MAX_VALUE, () -> true, new AtomicLong());
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        System.out.printf("history: %d days, %d outlets per partner, %d records produced in %.1f s; state backend %s%n",
                days, outlets, records, produceSeconds, backend);

        int restPort = EmbeddedKafka.freePort();
        Configuration flink = new Configuration();
        flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        flink.set(RestOptions.PORT, restPort);
        flink.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        LiveJob.wire(env, config);
        long start = System.nanoTime();
        JobClient job = env.executeAsync(LiveJob.JOB_NAME);
        long read = 0;
        while (read < records && System.nanoTime() - start < cap.toNanos()) {
            Thread.sleep(250);
            Map<String, Object> acc = job.getAccumulators().get();
            read = 0;
            for (EventStream<?> stream : EventStream.ALL) {
                Object n = acc.get("records-read." + stream.name());
                read += n == null ? 0 : ((Number) n).longValue();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (read < records) {
            JsonNode checkpoints = checkpoints(restPort, job);
            job.cancel().get();
            System.out.printf("TIMED OUT after %.1f s (cap %s): the job read %d of %d records; checkpoints %s%n",
                    seconds, cap, read, records, summary(checkpoints));
            return 1;
        }
        System.out.printf("read all %d records in %.1f s from job start (incl. start-up and ~1 s heartbeat lag) = %.0f records/s%n",
                records, seconds, records / seconds);

        // Alerts decided live are those up to the live watermark; compare everything up to 10 min before the end.
        Instant horizon = settings.end().minus(Duration.ofMinutes(10));
        Path history = dir.resolve("history");
        SimulationWriter.toDirectory(sim, history);
        long replayStart = System.nanoTime();
        Replay.Result replay = new Replay(config, 2).run(history, dir.resolve("replay"));
        System.out.printf("replay of the same history: %.1f s%n", (System.nanoTime() - replayStart) / 1e9);
        Set<String> expected = decidedBy(replay.alerts(), horizon);
        Set<String> live = Set.of();
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < waitUntil) {
            live = decidedBy(committedAlerts(kafka, config.topics().alerts()), horizon);
            if (live.containsAll(expected)) {
                break;
            }
            Thread.sleep(2_000);
        }
        JsonNode checkpoints = checkpoints(restPort, job);
        job.cancel().get();

        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(live);
        Set<String> unexpected = new HashSet<>(live);
        unexpected.removeAll(expected);
        long failed = failedAfterFirstCompleted(checkpoints);
        System.out.printf("alerts up to %s: replay %d, live %d, missing %d, unexpected %d%n",
                horizon, expected.size(), live.size(), missing.size(), unexpected.size());
        System.out.printf("checkpoints: %s%n", summary(checkpoints));
        if (!missing.isEmpty() || !unexpected.isEmpty() || failed != 0) {
            System.out.printf("FAILED: %s%s%s%n",
                    missing.isEmpty() ? "" : "missing e.g. " + missing.stream().limit(3).toList() + " ",
                    unexpected.isEmpty() ? "" : "unexpected e.g. " + unexpected.stream().limit(3).toList() + " ",
                    failed == 0 ? "" : failed + " checkpoints failed after the first completed one");
            return 1;
        }
        System.out.printf("COMPLETED: %d records in %.1f s = %.0f records/s, live alerts equal replay's, no failed checkpoint%n",
                records, seconds, records / seconds);
        return 0;
    }

    /** Alert identities (id, status, rule, event time) of the alerts decided by {@code horizon}. */
    private static Set<String> decidedBy(List<Alert> alerts, Instant horizon) {
        return alerts.stream()
                .filter(a -> !a.eventTime().isAfter(horizon))
                .map(a -> a.alertId() + "/" + a.status() + "/" + a.rule() + "/" + a.eventTime())
                .collect(Collectors.toSet());
    }

    private static List<Alert> committedAlerts(EmbeddedKafka kafka, String topic) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        ObjectReader reader = Json.mapper().readerFor(Alert.class);
        List<Alert> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(reader.readValue(r.value()));
                }
            }
        }
        return out;
    }

    private static JsonNode checkpoints(int restPort, JobClient job) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID() + "/checkpoints")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body());
        } catch (Exception e) {
            return Json.mapper().createObjectNode().put("error", e.toString());
        }
    }

    /**
     * Checkpoints that failed once one had completed. Flink counts as failed the checkpoints it
     * could not even trigger while tasks were still starting (each event-time gate asks the
     * broker for its partitions' ends before it runs); those say nothing about state size.
     */
    static long failedAfterFirstCompleted(JsonNode c) {
        long firstCompleted = Long.MAX_VALUE;
        for (JsonNode h : c.path("history")) {
            if ("COMPLETED".equals(h.path("status").asText())) {
                firstCompleted = Math.min(firstCompleted, h.path("id").asLong());
            }
        }
        long failed = 0;
        for (JsonNode h : c.path("history")) {
            if ("FAILED".equals(h.path("status").asText()) && h.path("id").asLong() > firstCompleted) {
                failed++;
            }
        }
        return c.has("history") ? failed : -1;
    }

    private static String summary(JsonNode c) {
        JsonNode latest = c.path("latest").path("completed");
        return String.format("completed %s, failed %s (%d after the first completed), latest full size %.1f MB, latest duration %s ms, max duration %s ms",
                c.path("counts").path("completed").asText("?"), c.path("counts").path("failed").asText("?"),
                failedAfterFirstCompleted(c),
                latest.path("state_size").asLong(0) / 1e6,
                latest.path("end_to_end_duration").asText("?"),
                c.path("summary").path("end_to_end_duration").path("max").asText("?"));
    }
}
