package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Checkpointing of the live job. Exactly-once Kafka output commits once per checkpoint, so the
 * interval is also the output latency. {@code restartBudget} is how long a failed job may take to
 * come back before an open Kafka transaction must still be alive: the transaction timeout has to
 * exceed checkpoint timeout + restart budget.
 *
 * @param interval null when our file leaves it out: Flink's {@code execution.checkpointing.interval}
 *     applies if the cluster sets it, else {@link #DEFAULT_INTERVAL} (see {@link #resolve})
 * @param timeout null when our file leaves it out: Flink's {@code execution.checkpointing.timeout}
 *     applies if the cluster sets it, else {@link #DEFAULT_TIMEOUT}
 * @param directory durable checkpoint storage ({@code file:///…}, {@code s3://…}); null defers to
 *     Flink's {@code execution.checkpointing.dir}
 * @param stateBackend {@code hashmap} or {@code rocksdb}; null defers to Flink's {@code
 *     state.backend.type}
 * @param tolerableFailures consecutive failed checkpoints tolerated before the job restarts
 */
public record Checkpointing(
        Duration interval,
        Duration timeout,
        Duration restartBudget,
        String directory,
        String stateBackend,
        int tolerableFailures)
        implements Serializable {

    public static final String HASHMAP = "hashmap";
    public static final String ROCKSDB = "rocksdb";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Interval and timeout left to Flink's configuration (or 10 s and 5 min), 5 min restart budget, 3 tolerable failures. */
    public static Checkpointing defaults() {
        return new Checkpointing(null, null, Duration.ofMinutes(5), null, null, 3);
    }

    /** The defaults with another interval, timeout and restart budget. */
    public static Checkpointing of(Duration interval, Duration timeout, Duration restartBudget) {
        Checkpointing d = defaults();
        return new Checkpointing(interval, timeout, restartBudget, d.directory, d.stateBackend, d.tolerableFailures);
    }

    @JsonCreator
    static Checkpointing bind(
            @JsonProperty("interval") Duration interval,
            @JsonProperty("timeout") Duration timeout,
            @JsonProperty("restart-budget") Duration restartBudget,
            @JsonProperty("dir") String directory,
            @JsonProperty("state-backend") String stateBackend,
            @JsonProperty("tolerable-failures") Long tolerableFailures) {
        Checkpointing d = defaults();
        if (stateBackend != null && !stateBackend.equals(HASHMAP) && !stateBackend.equals(ROCKSDB)) {
            throw new ConfigException("state-backend", "must be one of " + HASHMAP + ", " + ROCKSDB + ", got '" + stateBackend + "'");
        }
        return new Checkpointing(interval, timeout, Require.orDefault(restartBudget, d.restartBudget()),
                directory == null ? null : uri("dir", directory), stateBackend,
                (int) Require.range("tolerable-failures", tolerableFailures, d.tolerableFailures(), 0, 1_000));
    }

    private static String uri(String key, String text) {
        try {
            if (new URI(text).getScheme() == null) {
                throw new URISyntaxException(text, "no scheme");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "must be a URI with a scheme such as file:///var/lib/channel-pulse/checkpoints or s3://bucket/checkpoints, got '" + text + "'");
        }
        return text;
    }

    /**
     * Interval and timeout as they will apply: ours when our file set them, else the cluster's
     * ({@code clusterInterval}, {@code clusterTimeout}, empty when Flink's configuration leaves them
     * out), else our defaults. A cluster's checkpoint policy is never overridden by a default.
     */
    public Checkpointing resolve(Optional<Duration> clusterInterval, Optional<Duration> clusterTimeout) {
        return new Checkpointing(
                interval != null ? interval : clusterInterval.orElse(DEFAULT_INTERVAL),
                timeout != null ? timeout : clusterTimeout.orElse(DEFAULT_TIMEOUT),
                restartBudget, directory, stateBackend, tolerableFailures);
    }

    /** The timeout as it applies when nothing else sets it; {@link #resolve} first to honour the cluster's. */
    public Duration timeoutOrDefault() {
        return timeout != null ? timeout : DEFAULT_TIMEOUT;
    }

    public Checkpointing withDirectory(String dir) {
        return new Checkpointing(interval, timeout, restartBudget, dir, stateBackend, tolerableFailures);
    }

    public Checkpointing withStateBackend(String backend) {
        return new Checkpointing(interval, timeout, restartBudget, directory, backend, tolerableFailures);
    }
}
