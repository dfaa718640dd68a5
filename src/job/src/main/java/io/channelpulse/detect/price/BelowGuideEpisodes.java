package io.channelpulse.detect.price;

import io.channelpulse.model.AlertIds;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PRICE_BELOW_GUIDE episodes per (channelId, outletId, sku). The first breaching observation opens
 * an episode and fires; further breaches are part of it; the first compliant observation resolves it
 * under the same alertId and clears the state. Unchecked observations (no guide, other currency)
 * neither open nor close an episode.
 *
 * <p>This is a two-state machine rather than a CEP pattern on purpose: FIRING must leave at the
 * first breach, while a CEP match only completes at the end of the sequence. The input arrives
 * already in event-time order per key from {@link GuidePriceLookup}.
 *
 * <p>State has an end: an open episode with no observation of its key for the episode timeout
 * (event time, default 30 days) resolves with resolution {@code TIMED_OUT}, because an outlet that
 * stopped reporting a SKU must not hold an alert and its state for ever. One timer per open
 * episode, moved forward lazily when it fires early.
 */
public final class BelowGuideEpisodes extends KeyedProcessFunction<String, CheckedPrice, Alert> {

    public static final String UID = "price-below-guide-episodes";
    public static final String NAME = "PRICE_BELOW_GUIDE episodes";

    /** Episodes are per channel, outlet and SKU. */
    public static final KeySelector<CheckedPrice, String> KEY = checked -> {
        PriceObservation o = checked.observation();
        return o.channelId() + '\u001f' + o.outletId() + '\u001f' + o.sku();
    };

    /** Resolution of an episode closed by the timeout rather than by a compliant price. */
    public static final String TIMED_OUT = "TIMED_OUT";
    /** Resolution of an episode closed by a compliant price. */
    public static final String COMPLIANT = "COMPLIANT";

    private final long timeoutMillis;

    private transient ValueState<Alert> open;
    /** Event time of the latest observation of an open episode's key; cleared with the episode. */
    private transient ValueState<Long> lastObserved;
    /** The one pending timeout timer of an open episode; cleared with the episode. */
    private transient ValueState<Long> timeoutTimer;

    public BelowGuideEpisodes(Duration episodeTimeout) {
        this.timeoutMillis = episodeTimeout.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(
                new ValueStateDescriptor<>("open-episode", Types.POJO(Alert.class)));
        lastObserved = getRuntimeContext().getState(new ValueStateDescriptor<>("last-observed", Types.LONG));
        timeoutTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("timeout-timer", Types.LONG));
    }

    @Override
    public void processElement(CheckedPrice checked, Context ctx, Collector<Alert> out)
            throws Exception {
        Alert firing = open.value();
        if (checked.isBelowGuide() && firing == null) {
            Alert alert = firing(checked);
            open.update(alert);
            out.collect(alert);
            long observed = checked.observation().eventTime().toEpochMilli();
            lastObserved.update(observed);
            long at = observed + timeoutMillis;
            timeoutTimer.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        } else if (checked.verdict() == PriceVerdict.COMPLIANT && firing != null) {
            out.collect(resolved(firing, checked));
            clear(ctx);
        } else if (firing != null) {
            lastObserved.update(Math.max(lastObserved.value(), checked.observation().eventTime().toEpochMilli()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert firing = open.value();
        if (firing == null) {
            return;
        }
        long due = lastObserved.value() + timeoutMillis;
        if (timestamp < due) {
            timeoutTimer.update(due);
            ctx.timerService().registerEventTimeTimer(due);
            return;
        }
        out.collect(timedOut(firing, Instant.ofEpochMilli(timestamp), timeoutMillis));
        clear(ctx);
    }

    private void clear(Context ctx) throws Exception {
        Long timer = timeoutTimer.value();
        if (timer != null) {
            ctx.timerService().deleteEventTimeTimer(timer);
        }
        open.clear();
        lastObserved.clear();
        timeoutTimer.clear();
    }

    static Alert timedOut(Alert firing, Instant at, long timeoutMillis) {
        String summary = String.format(
                "%s at outlet %s (channel %s): no price observed for %s, episode closed as timed out",
                firing.sku(), firing.outletId(), firing.channelId(), Duration.ofMillis(timeoutMillis));
        AlertDetails d = firing.details();
        return ending(firing, at, summary,
                AlertDetails.price(d.observedPrice(), d.guidePrice(), d.discount(), d.currency(), d.priceSource())
                        .withResolution(TIMED_OUT),
                List.of(firing.evidence().get(0)));
    }

    static Alert firing(CheckedPrice checked) {
        PriceObservation o = checked.observation();
        String alertId = AlertIds.of(
                Rule.PRICE_BELOW_GUIDE, o.channelId(), o.outletId(), o.sku(),
                o.eventTime().toString(), o.eventId());
        String summary = String.format(
                "%s sold at %s %s at outlet %s (channel %s), %s%% below guide %s",
                o.sku(), o.price().toPlainString(), o.currency(), o.outletId(), o.channelId(),
                checked.discount().movePointRight(2).stripTrailingZeros().toPlainString(),
                checked.guidePrice().toPlainString());
        return new Alert(
                alertId,
                Rule.PRICE_BELOW_GUIDE,
                AlertStatus.FIRING,
                checked.critical() ? Severity.CRITICAL : Severity.WARNING,
                o.eventTime(),
                null,
                o.channelId(),
                null, // channelType: filled by AlertChannelType
                o.partnerId(),
                o.regionId(),
                o.outletId(),
                o.sku(),
                null,
                o.batchCode(),
                summary,
                AlertDetails.price(
                        o.price(), checked.guidePrice(), checked.discount(), o.currency(), o.source()),
                List.of(o.eventId()));
    }

    static Alert resolved(Alert firing, CheckedPrice checked) {
        PriceObservation o = checked.observation();
        String summary = String.format(
                "%s back within guide at outlet %s (channel %s): %s %s vs guide %s",
                o.sku(), o.outletId(), o.channelId(), o.price().toPlainString(), o.currency(),
                checked.guidePrice().toPlainString());
        return ending(firing, o.eventTime(), summary,
                AlertDetails.price(
                        o.price(), checked.guidePrice(), checked.discount(), o.currency(), o.source())
                        .withResolution(COMPLIANT),
                List.of(firing.evidence().get(0), o.eventId()));
    }

    /** The RESOLVED alert of an episode: same id, keys and severity as its FIRING one. */
    private static Alert ending(Alert firing, Instant at, String summary, AlertDetails details, List<String> evidence) {
        return new Alert(
                firing.alertId(),
                Rule.PRICE_BELOW_GUIDE,
                AlertStatus.RESOLVED,
                firing.severity(),
                at,
                null,
                firing.channelId(),
                null, // channelType: filled by AlertChannelType
                firing.partnerId(),
                firing.regionId(),
                firing.outletId(),
                firing.sku(),
                null,
                firing.batchCode(),
                summary,
                details,
                evidence);
    }
}
