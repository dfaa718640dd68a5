package io.channelpulse.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Keyed buffer that holds elements until the watermark reaches their event time, so a keyed
 * function can handle them in event-time order whatever order they arrived in. One event-time
 * timer per distinct timestamp; {@link #takeDue} hands back (and forgets) the elements of a timer.
 */
public final class EventTimeBuffer<T> {

    private final MapState<Long, List<T>> waiting;

    public EventTimeBuffer(RuntimeContext context, String name, TypeInformation<T> elementType) {
        this.waiting = context.getMapState(
                new MapStateDescriptor<>(name, Types.LONG, new ListTypeInfo<>(elementType)));
    }

    /** Holds {@code element} until the watermark reaches {@code time}. */
    public void add(T element, long time, TimerService timers) throws Exception {
        List<T> atTime = waiting.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            timers.registerEventTimeTimer(time);
        }
        atTime.add(element);
        waiting.put(time, atTime);
    }

    /** The elements held for {@code time}, removed from the buffer; null if none (another timer). */
    public List<T> takeDue(long time) throws Exception {
        List<T> due = waiting.get(time);
        if (due != null) {
            waiting.remove(time);
        }
        return due;
    }
}
