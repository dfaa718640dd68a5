package io.channelpulse.kpi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows that place each contribution by its own business time rather than the
 * stream record's timestamp. They differ for facts emitted by timers: a CEP timeout is emitted just
 * after the SLA deadline, yet the breach must count in the window that contains the deadline.
 */
public final class BusinessTimeWindows extends WindowAssigner<KpiContribution, TimeWindow> {

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
