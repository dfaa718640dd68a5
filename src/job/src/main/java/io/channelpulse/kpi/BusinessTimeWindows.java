package io.channelpulse.kpi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows that place each contribution by its own business time rather than the
 * stream record's timestamp. They differ for facts emitted by timers: a CEP timeout is emitted just
 * after the SLA deadline, yet the breach must count in the window that contains the deadline.
 *
 * <p>For the same reason windows close one millisecond late ({@link #closeAtWindowEnd()} with
 * {@link #TIMER_SLACK} allowed lateness): a breach whose deadline is a window's last millisecond
 * is emitted when the watermark reaches the window's end, and must still find its window open.
 */
public final class BusinessTimeWindows extends WindowAssigner<KpiContribution, TimeWindow> {

    /** How long after its last millisecond a window stays open for facts emitted by timers. */
    public static final Duration TIMER_SLACK = Duration.ofMillis(1);

    private final long size;

    private BusinessTimeWindows(long size) {
        this.size = size;
    }

    public static BusinessTimeWindows of(Duration size) {
        return new BusinessTimeWindows(size.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            KpiContribution element, long timestamp, WindowAssignerContext context) {
        long time = element.eventTime().toEpochMilli();
        long start = TimeWindow.getWindowStartWithOffset(time, 0, size);
        return List.of(new TimeWindow(start, start + size));
    }

    /** Fires once, when the watermark reaches the window's end (one ms after its last millisecond). */
    public static Trigger<KpiContribution, TimeWindow> closeAtWindowEnd() {
        return new AtWindowEnd();
    }

    static final class AtWindowEnd extends Trigger<KpiContribution, TimeWindow> {
        @Override
        public TriggerResult onElement(KpiContribution element, long timestamp, TimeWindow window, TriggerContext ctx) {
            ctx.registerEventTimeTimer(window.getEnd());
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
            return time == window.getEnd() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(TimeWindow window, TriggerContext ctx) {
            ctx.deleteEventTimeTimer(window.getEnd());
        }

        @Override
        public String toString() {
            return "AtWindowEnd";
        }
    }

    @Override
    public Trigger<KpiContribution, TimeWindow> getDefaultTrigger() {
        return (Trigger) EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig config) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "BusinessTimeWindows(" + size + "ms)";
    }
}
