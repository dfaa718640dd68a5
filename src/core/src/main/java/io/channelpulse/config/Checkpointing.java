package io.channelpulse.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Checkpointing of the live job. Exactly-once Kafka output commits once per checkpoint, so the
 * interval is also the output latency. {@code restartBudget} is how long a failed job may take to
 * come back before an open Kafka transaction must still be alive: the transaction timeout has to
 * exceed checkpoint timeout + restart budget.
 *
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

    public static Checkpointing defaults() {
        return new Checkpointing(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5), null, null, 3);
    }

    /** The defaults with another interval, timeout and restart budget. */
    public static Checkpointing of(Duration interval, Duration timeout, Duration restartBudget) {
        Checkpointing d = defaults();
        return new Checkpointing(interval, timeout, restartBudget, d.directory, d.stateBackend, d.tolerableFailures);
    }

    public Checkpointing withDirectory(String dir) {
        return new Checkpointing(interval, timeout, restartBudget, dir, stateBackend, tolerableFailures);
    }

    public Checkpointing withStateBackend(String backend) {
        return new Checkpointing(interval, timeout, restartBudget, directory, backend, tolerableFailures);
    }
}
