package io.channelpulse.job;

import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Admits events of one stream, keyed by eventId. A repeat of an eventId seen within the dedup
 * horizon (event time) is dropped and counted. An event at or behind the watermark is late: every
 * window and timer downstream has moved past it, so it is counted and dead-lettered with reason
 * {@code late} instead of being silently lost. State per eventId is cleared when the watermark
 * passes first-seen time + horizon.
 */
public final class EventAdmission<T> extends KeyedProcessFunction<String, Parsed<T>, T> {

    static final String DUPLICATES = "duplicates.";
    static final String LATE = "late.";

    private final EventStream<T> stream;
    private final long horizonMillis;

    private transient ValueState<Long> firstSeen;
    private transient LongCounter duplicates;
    private transient LongCounter late;
    private transient Counter duplicatesDropped;
    private transient Counter lateEvents;
    private transient Counter lateDeadLetters;
    private transient volatile long watermark = Long.MIN_VALUE;

    public EventAdmission(EventStream<T> stream, Duration horizon) {
        this.stream = stream;
        this.horizonMillis = horizon.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen", Long.class));
        duplicates = getRuntimeContext().getLongCounter(DUPLICATES + stream.name());
        late = getRuntimeContext().getLongCounter(LATE + stream.name());
        MetricGroup metrics = PipelineMetrics.stream(getRuntimeContext().getMetricGroup(), stream.name());
        duplicatesDropped = metrics.counter(PipelineMetrics.DUPLICATES_DROPPED);
        lateEvents = metrics.counter(PipelineMetrics.LATE_EVENTS);
        lateDeadLetters = PipelineMetrics.deadLetters(metrics, DeadLetter.LATE);
        metrics.gauge(PipelineMetrics.EVENT_TIME_LAG_MS, (Gauge<Long>) this::eventTimeLagMillis);
    }

    /** Wall clock minus this stream's watermark, or 0 before the first watermark. */
    private long eventTimeLagMillis() {
        long w = watermark;
        return w == Long.MIN_VALUE ? 0L : Math.max(0L, System.currentTimeMillis() - w);
    }

    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<T> out) throws Exception {
        long timestamp = ctx.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        this.watermark = watermark;
        if (firstSeen.value() != null) {
            duplicates.add(1);
            duplicatesDropped.inc();
            return;
        }
        if (timestamp <= watermark) {
            late.add(1);
            lateEvents.inc();
            lateDeadLetters.inc();
            ctx.output(SideOutputs.DEAD_LETTERS, parsed.origin().deadLetter(
                    DeadLetter.LATE,
                    "eventTime",
                    "late: eventTime " + Instant.ofEpochMilli(timestamp)
                            + " is at or behind the watermark " + Instant.ofEpochMilli(watermark)
                            + " (allowed out-of-orderness exceeded)",
                    Instant.ofEpochMilli(timestamp),
                    parsed.payload()));
            return;
        }
        firstSeen.update(timestamp);
        ctx.timerService().registerEventTimeTimer(timestamp + horizonMillis);
        out.collect(parsed.event());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) {
        firstSeen.clear();
    }
}
