package io.channelpulse.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;

/**
 * Keyed buffer that holds elements until the watermark reaches their event time, so a keyed
 * function can handle them in event-time order whatever order they arrived in.
 *
 * <p>Timers are coalesced: a key has one buffer timer, at its earliest pending time (the state
 * {@code <name>-timer}), instead of one per distinct timestamp. When it fires, {@link #releaseDue}
 * hands back every group the watermark has passed, in ascending time, and arms the next timer at
 * the earliest time still pending. A group is therefore released during the same watermark advance
 * as with one timer per timestamp, so reference state read at release (guide prices, partners) is
 * the same; only the interleaving across keys changes, which no consumer depends on. Outputs keep
 * their group's timestamp ({@link #stamp}). A timer superseded by an earlier one is left to fire and
 * costs an O(1) check; deleting it could delete an owner's own timer at the same timestamp.
 */
public final class EventTimeBuffer<T> {

    /** Handles the elements of one released timestamp. */
    @FunctionalInterface
    public interface Group<T> {
        void accept(long time, List<T> elements) throws Exception;
    }

    private final MapState<Long, List<T>> waiting;
    /** The earliest registered, not yet fired buffer timer; cleared when nothing waits. */
    private final ValueState<Long> armed;

    public EventTimeBuffer(RuntimeContext context, String name, TypeInformation<T> elementType) {
        this.waiting = context.getMapState(
                new MapStateDescriptor<>(name, Types.LONG, new ListTypeInfo<>(elementType)));
        this.armed = context.getState(new ValueStateDescriptor<>(name + "-timer", Types.LONG));
    }

    /** Holds {@code element} until the watermark reaches {@code time}. */
    public void add(T element, long time, TimerService timers) throws Exception {
        List<T> atTime = waiting.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            Long next = armed.value();
            if (next == null || time < next) {
                timers.registerEventTimeTimer(time);
                armed.update(time);
            }
        }
        atTime.add(element);
        waiting.put(time, atTime);
    }

    /**
     * Releases, in ascending time, every group at or before the current watermark, removing each
     * before handing it over, and arms the timer of the earliest group left. Call it from every
     * {@code onTimer} of the owner: a timer that is not the buffer's finds nothing due in O(1).
     *
     * <p>If a group's handler throws, the groups after it are due at once: their timer is armed at
     * the next one's time (at or before the watermark, so it fires in this same advance), as each
     * had its own timer before, and the exception is rethrown for the owner's guard.
     */
    public void releaseDue(TimerService timers, Group<T> handler) throws Exception {
        long watermark = timers.currentWatermark();
        Long earliest = armed.value();
        if (earliest != null && earliest > watermark) {
            return; // a superseded timer, or one of the owner's: nothing here is due yet
        }
        // earliest == null also covers state from before coalescing: timers per timestamp, no armed time.
        List<Long> due = new ArrayList<>();
        Long next = null;
        for (Long time : waiting.keys()) {
            if (time <= watermark) {
                due.add(time);
            } else if (next == null || time < next) {
                next = time;
            }
        }
        if (next == null) {
            armed.clear();
        } else {
            armed.update(next);
            timers.registerEventTimeTimer(next);
        }
        due.sort(null);
        for (int i = 0; i < due.size(); i++) {
            long time = due.get(i);
            List<T> elements = waiting.get(time);
            waiting.remove(time);
            try {
                handler.accept(time, elements);
            } catch (RuntimeException e) {
                if (i + 1 < due.size()) {
                    armed.update(due.get(i + 1));
                    timers.registerEventTimeTimer(due.get(i + 1));
                }
                throw e;
            }
        }
    }

    /**
     * Gives the records {@code out} collects next the event time {@code time}, as a timer at that
     * time would have. Flink stamps a timer's output with the timer's time, which for a coalesced
     * timer is the earliest group's; downstream {@code ctx.timestamp()} (diversion's sightings,
     * Kafka record timestamps) must see each record's own time. Side outputs keep the timer's time.
     */
    public static void stamp(Collector<?> out, long time) {
        if (out instanceof TimestampedCollector<?> timestamped) {
            timestamped.setAbsoluteTimestamp(time);
        }
    }
}
