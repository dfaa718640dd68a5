package io.channelpulse.detect;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fills in every alert's channelType from partner reference data, keyed by channelId, so the
 * gateway can route on it without having seen the channel's KPIs. An alert waits for the watermark
 * at its own event time, like a KPI in {@code kpi.ChannelTypeEnricher}: the partner records that
 * precede it are applied whatever order they arrived in, so live and replay agree. Alerts are
 * emitted on or behind their producer's watermark, so the wait costs no more than one watermark hop.
 * An alert of a channel no partner record names leaves with a null channelType.
 */
public final class AlertChannelType extends KeyedCoProcessFunction<String, Alert, Partner, Alert> {

    public static final String UID = "alert-channel-type";
    public static final String NAME = "Channel type of alerts";

    /** State names, next to how each one ends. */
    static final class Descriptors {
        /**
         * The channel's type from its latest partner record. Reference data: one entry per channel the
         * partner master data names, replaced (never accumulated) by later records; no TTL, since an
         * alert after a quiet month must still get its type.
         */
        static final ValueStateDescriptor<ChannelType> CHANNEL_TYPE =
                new ValueStateDescriptor<>("channel-type", Types.ENUM(ChannelType.class));
        /** Alerts waiting for the watermark; each timestamp's entry is removed when the buffer's one timer releases it. */
        static final String WAITING = "waiting-alerts";
    }

    private transient ValueState<ChannelType> channelType;
    private transient EventTimeBuffer<Alert> waiting;

    /** The key of both inputs; a missing channelId (never written by the job) is a key of its own. */
    public static String keyOf(Alert alert) {
        return alert.channelId() == null ? "" : alert.channelId();
    }

    public static String keyOf(Partner partner) {
        return partner.channelId() == null ? "" : partner.channelId();
    }

    @Override
    public void open(OpenContext openContext) {
        channelType = getRuntimeContext().getState(Descriptors.CHANNEL_TYPE);
        waiting = new EventTimeBuffer<>(getRuntimeContext(), Descriptors.WAITING, Types.POJO(Alert.class));
    }

    @Override
    public void processElement1(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        Long at = ctx.timestamp();
        if (at == null || at == Long.MIN_VALUE) {
            // No event time to wait for: the type known now is the best there is.
            out.collect(alert.withChannelType(channelType.value()));
            return;
        }
        waiting.add(alert, at, ctx.timerService());
    }

    @Override
    public void processElement2(Partner partner, Context ctx, Collector<Alert> out) throws Exception {
        channelType.update(partner.channelType());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        ChannelType type = channelType.value();
        waiting.releaseDue(ctx.timerService(), (time, due) -> {
            EventTimeBuffer.stamp(out, time);
            for (Alert alert : due) {
                out.collect(alert.withChannelType(type));
            }
        });
    }
}
