package io.channelpulse.job;

import io.channelpulse.model.Alert;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Sets {@code emittedAt} on every alert just before the sinks. Live jobs use the wall clock;
 * replay uses the alert's own event time so that two replays of the same input are identical.
 */
final class StampEmission implements MapFunction<Alert, Alert> {

    private final boolean wallClock;

    StampEmission(boolean wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public Alert map(Alert alert) {
        return alert.withEmittedAt(wallClock ? Instant.now() : alert.eventTime());
    }
}
