package io.channelpulse.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Checkpointing of the live job. Exactly-once Kafka output commits once per checkpoint, so the
 * interval is also the output latency. {@code restartBudget} is how long a failed job may take to
 * come back before an open Kafka transaction must still be alive: the transaction timeout has to
 * exceed checkpoint timeout + restart budget.
 */
public record Checkpointing(Duration interval, Duration timeout, Duration restartBudget) implements Serializable {

    public static Checkpointing defaults() {
        return new Checkpointing(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }
}
