package io.channelpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the live rows (P3, P4, P5) share: an embedded broker with the job's topics, the job's
 * configuration pointed at it, the live job on a local MiniCluster (parallelism 2) with its REST
 * port, and the job's read counters and checkpoint history.
 */
final class LiveRig implements AutoCloseable {

    static final int PARALLELISM = 2;
    /** One client for every REST call (a client per call starts threads each time). */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path dir;
    final EmbeddedKafka kafka;
    final PulseConfig config;

    private LiveRig(Path dir, EmbeddedKafka kafka, PulseConfig config) {
        this.dir = dir;
        this.kafka = kafka;
        this.config = config;
    }

    /**
     * Starts a broker under {@code workDir} and creates the job's topics (2 partitions each).
     * Checkpoints go to a directory under it, every {@code checkpointInterval}.
     */
    static LiveRig start(Path workDir, String name, Duration checkpointInterval) throws Exception {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, name + "-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        try {
            PulseConfig d = PulseConfig.defaults();
            PulseConfig config = d.withKafka(d.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withIdleTimeout(Duration.ofSeconds(5))
                    .withCheckpoint(Checkpointing.of(checkpointInterval, Duration.ofMinutes(5), Duration.ofMinutes(5))
                            .withDirectory(dir.resolve("checkpoints").toUri().toString())
                            .withStateBackend(Checkpointing.HASHMAP));
            List<String> topics = new ArrayList<>(config.topics().inputs().values());
            topics.addAll(config.topics().outputs());
            kafka.createTopics(topics, 2);
            return new LiveRig(dir, kafka, config);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** The input topics, in {@link EventStream#ALL} order. */
    List<String> inputTopics() {
        return EventStream.ALL.stream().<String>map(s -> config.topics().input(s)).toList();
    }

    /** The live job with {@code config}, submitted to a fresh local MiniCluster. */
    RunningJob startJob(PulseConfig jobConfig) throws Exception {
        int restPort = EmbeddedKafka.freePort();
        Configuration flink = new Configuration();
        flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        flink.set(RestOptions.PORT, restPort);
        flink.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        // The watermarks P3 and P5 read come from the REST API's metric store, refreshed every 10 s
        // by default: too stale to tell whether the job keeps up.
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
        // A MiniCluster's TaskManager gets 64 MB of network memory, less than the job's edges ask
        // for at parallelism 2 (Flink warns "Memory usage [120%] is too high"). A standalone
        // TaskManager gets 10% of its Flink memory, e.g. about 250 MB of a 2.5 GB process.
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(256));
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(256));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(PARALLELISM);
        LiveJob.wire(env, jobConfig);
        return new RunningJob(env.executeAsync(LiveJob.JOB_NAME), restPort);
    }

    @Override
    public void close() {
        kafka.close();
    }

    /** A submitted live job and how to watch it. */
    record RunningJob(JobClient client, int restPort) implements AutoCloseable {

        /** Records read from Kafka so far over all input topics (the job's {@code records-read.*}). */
        long recordsRead() throws Exception {
            Map<String, Object> acc = client.getAccumulators().get(30, TimeUnit.SECONDS);
            long read = 0;
            for (EventStream<?> stream : EventStream.ALL) {
                Object n = acc.get("records-read." + stream.name());
                read += n == null ? 0 : ((Number) n).longValue();
            }
            return read;
        }

        /** Flink's checkpoint statistics ({@code /jobs/<id>/checkpoints}), or {@code {"error":...}}. */
        JsonNode checkpoints() {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/" + client.getJobID() + "/checkpoints"))
                                .timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return Json.mapper().readTree(response.body());
            } catch (Exception e) {
                return Json.mapper().createObjectNode().put("error", e.toString());
            }
        }

        /** The lowest input watermark of the job and the vertex that has it (for a message when it stalls). */
        record LowestWatermark(long millis, String vertex) {}

        /**
         * The lowest input watermark of any subtask of the job, in epoch millis, from {@code
         * /jobs/<id>/vertices/<vertex>/watermarks}; {@code Long.MIN_VALUE} while none has one.
         * Everything the job holds until the watermark passes it (buffered observations, timers
         * that clean state) has been handled up to this time.
         *
         * <p>Subtasks still at {@code Long.MIN_VALUE} are skipped, because some always are: the
         * event-time gates (their sources emit no watermarks; the gates make them), the reference
         * paths, and every operator joined with reference data. Flink's {@code
         * currentInputWatermark} of a two-input operator is the minimum of its inputs' last
         * watermarks even when one of them is idle, and the reference streams go idle without
         * ever having one. The event input of such an operator comes from vertices counted here,
         * and its output goes to others (the alert and KPI flushes), so the minimum still bounds
         * what it has done.
         */
        LowestWatermark lowestWatermark() {
            long min = Long.MAX_VALUE;
            String at = "no vertex has a watermark yet";
            try {
                String job = "/jobs/" + client.getJobID();
                for (JsonNode vertex : get(job + "/plan").path("plan").path("nodes")) {
                    for (JsonNode mark : get(job + "/vertices/" + vertex.path("id").asText() + "/watermarks")) {
                        long value = Long.parseLong(mark.path("value").asText());
                        if (value != Long.MIN_VALUE && value < min) {
                            min = value;
                            at = vertex.path("description").asText().replace("<br/>", " ");
                        }
                    }
                }
                return new LowestWatermark(min == Long.MAX_VALUE ? Long.MIN_VALUE : min, at);
            } catch (Exception e) {
                return new LowestWatermark(Long.MIN_VALUE, "REST API: " + e);
            }
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body());
        }

        /** The id and full state size of the newest completed checkpoint, or {-1, -1} before the first. */
        long[] latestCompleted() {
            JsonNode latest = checkpoints().path("latest").path("completed");
            if (latest.isMissingNode() || latest.isNull()) {
                return new long[] {-1, -1};
            }
            return new long[] {latest.path("id").asLong(-1), latest.path("state_size").asLong(-1)};
        }

        /**
         * The state size of checkpoint {@code checkpointId} per job vertex, named by its chain of
         * operators, from {@code /jobs/<id>/checkpoints/details/<checkpointId>}; empty if the REST
         * API does not answer. This is how a growth in the full size is traced to the operator
         * that holds it.
         */
        Map<String, Long> stateByVertex(long checkpointId) {
            try {
                String job = "/jobs/" + client.getJobID();
                Map<String, String> names = new java.util.HashMap<>();
                for (JsonNode vertex : get(job + "/plan").path("plan").path("nodes")) {
                    names.put(vertex.path("id").asText(), vertex.path("description").asText().replace("<br/>", " "));
                }
                Map<String, Long> sizes = new java.util.TreeMap<>();
                get(job + "/checkpoints/details/" + checkpointId).path("tasks").properties().forEach(task ->
                        sizes.merge(names.getOrDefault(task.getKey(), task.getKey()), task.getValue().path("state_size").asLong(0), Long::sum));
                return sizes;
            } catch (Exception e) {
                return Map.of();
            }
        }

        /** Cancels the job; a job that already ended is fine. */
        @Override
        public void close() {
            try {
                client.cancel().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already finished or failed: nothing left to stop
            }
        }
    }

    /** The end of {@code timeout} from now, as a {@link System#nanoTime()} deadline. */
    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    static boolean past(long deadlineNanos) {
        return System.nanoTime() - deadlineNanos > 0;
    }

    static String thousands(long n) {
        return String.format("%,d", n);
    }
}
