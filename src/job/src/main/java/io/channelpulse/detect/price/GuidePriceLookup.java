package io.channelpulse.detect.price;

import io.channelpulse.detect.EventTimeBuffer;
import io.channelpulse.model.GuidePrice;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Event-time temporal join of price observations with guide prices, keyed by SKU. Each observation
 * waits until the watermark passes its event time, then is judged against the guide price with the
 * latest {@code effectiveFrom} at or before that time. Waiting for the watermark is what makes the
 * result independent of the order in which the two streams arrive.
 *
 * <p>Guide versions older than the one in force at the watermark can never be needed again (later
 * observations are newer, late ones were dropped at admission), so they are pruned: per SKU the
 * state is the current version, any future ones, and the observations still waiting. Pruning runs
 * on a timer at each version's effectiveFrom, so a SKU that is never observed again still drops
 * the versions a newer one superseded. Observations share one timer per SKU ({@link
 * EventTimeBuffer}), not one per observation.
 */
public final class GuidePriceLookup
        extends KeyedCoProcessFunction<String, PriceObservation, GuidePrice, CheckedPrice> {

    public static final String UID = "guide-price-lookup";
    public static final String NAME = "Guide price in force (by SKU)";

    private static final Comparator<PriceObservation> BY_EVENT_ID =
            Comparator.comparing(PriceObservation::eventId);

    private final BelowGuideCondition condition;

    private transient MapState<Long, GuidePrice> versions;
    private transient EventTimeBuffer<PriceObservation> waiting;

    public GuidePriceLookup(BelowGuideCondition condition) {
        this.condition = condition;
    }

    @Override
    public void open(OpenContext openContext) {
        versions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("guide-versions", Types.LONG, Types.POJO(GuidePrice.class)));
        waiting = new EventTimeBuffer<>(
                getRuntimeContext(), "waiting-observations", Types.POJO(PriceObservation.class));
    }

    @Override
    public void processElement1(PriceObservation observation, Context ctx, Collector<CheckedPrice> out)
            throws Exception {
        waiting.add(observation, ctx.timestamp(), ctx.timerService());
    }

    @Override
    public void processElement2(GuidePrice guide, Context ctx, Collector<CheckedPrice> out)
            throws Exception {
        long from = guide.effectiveFrom().toEpochMilli();
        versions.put(from, guide);
        ctx.timerService().registerEventTimeTimer(from);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CheckedPrice> out)
            throws Exception {
        // Observations are judged group by group in event-time order, each against the version in
        // force at its own time; pruning as we go is what one timer per timestamp did.
        waiting.releaseDue(ctx.timerService(), (time, due) -> {
            Long inForceFrom = pruneAndFindInForce(time);
            GuidePrice guide = inForceFrom == null ? null : versions.get(inForceFrom);
            due.sort(BY_EVENT_ID);
            EventTimeBuffer.stamp(out, time);
            for (PriceObservation observation : due) {
                out.collect(condition.check(observation, guide));
            }
        });
        // A version's own timer (or a watermark past it) prunes what it superseded, observed or not.
        pruneAndFindInForce(ctx.timerService().currentWatermark());
    }

    /** The effectiveFrom of the version in force at {@code time}; removes every older version. */
    private Long pruneAndFindInForce(long time) throws Exception {
        Long inForce = null;
        for (Long from : versions.keys()) {
            if (from <= time && (inForce == null || from > inForce)) {
                inForce = from;
            }
        }
        if (inForce != null) {
            for (Iterator<Map.Entry<Long, GuidePrice>> it = versions.iterator(); it.hasNext(); ) {
                if (it.next().getKey() < inForce) {
                    it.remove();
                }
            }
        }
        return inForce;
    }
}
