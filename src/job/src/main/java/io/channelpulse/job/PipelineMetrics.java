package io.channelpulse.job;

import io.channelpulse.model.Rule;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's own operator metrics, named in one place. They sit under a {@code channelpulse} group
 * with a {@code stream}, {@code reason} or {@code rule} label, so Flink's Prometheus reporter
 * exposes, for example,
 * {@code flink_taskmanager_job_task_operator_channelpulse_stream_events_in{stream="pos-sales"}}.
 */
public final class PipelineMetrics {

    public static final String GROUP = "channelpulse";
    public static final String EVENTS_IN = "events_in";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String LATE_EVENTS = "late_events";
    public static final String DUPLICATES_DROPPED = "duplicates_dropped";
    public static final String EVENT_TIME_LAG_MS = "event_time_lag_ms";
    public static final String ALERTS_EMITTED = "alerts_emitted";
    /** 1 once a live input topic has been read to the end of what it held (at start-up or restore). */
    public static final String CAUGHT_UP = "caught_up";

    private PipelineMetrics() {}

    /** The group for one input stream. */
    public static MetricGroup stream(MetricGroup operator, String stream) {
        return operator.addGroup(GROUP).addGroup("stream", stream);
    }

    /** Dead letters of a stream for one reason (invalid-json, missing-field, ..., late). */
    public static Counter deadLetters(MetricGroup stream, String reason) {
        return stream.addGroup("reason", reason).counter(DEAD_LETTERS);
    }

    public static Counter alertsEmitted(MetricGroup operator, Rule rule) {
        return operator.addGroup(GROUP).addGroup("rule", rule.name()).counter(ALERTS_EMITTED);
    }
}
