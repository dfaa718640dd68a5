package io.channelpulse.job;

import io.channelpulse.model.Alert;
import java.time.Instant;
import io.channelpulse.model.Rule;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Sets {@code emittedAt} on every alert just before the sinks, and counts alerts per rule. Live jobs use the wall clock;
 * replay uses the alert's own event time so that two replays of the same input are identical.
 */
final class StampEmission extends RichMapFunction<Alert, Alert> {

    private final boolean wallClock;
    private transient Map<Rule, Counter> emitted;

    StampEmission(boolean wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public void open(OpenContext openContext) {
        emitted = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            emitted.put(rule, PipelineMetrics.alertsEmitted(getRuntimeContext().getMetricGroup(), rule));
        }
    }

    @Override
    public Alert map(Alert alert) {
        emitted.get(alert.rule()).inc();
        return alert.withEmittedAt(wallClock ? Instant.now() : alert.eventTime());
    }
}
