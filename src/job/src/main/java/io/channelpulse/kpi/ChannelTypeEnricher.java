package io.channelpulse.kpi;

import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fills in each KPI record's channelType from partner reference data, keyed by channelId. A KPI
 * waits for the watermark at its window end, so partner records that precede it in event time are
 * applied first (in replay, partners are loaded before any window closes).
 */
public final class ChannelTypeEnricher extends KeyedCoProcessFunction<String, ChannelKpi, Partner, ChannelKpi> {

    public static final String UID = "channel-type-enricher";
    public static final String NAME = "Channel type of KPIs";

    private transient ValueState<ChannelType> channelType;
    private transient ListState<ChannelKpi> waiting;

    @Override
    public void open(OpenContext openContext) {
        channelType = getRuntimeContext().getState(
                new ValueStateDescriptor<>("channel-type", Types.ENUM(ChannelType.class)));
        waiting = getRuntimeContext().getListState(
                new ListStateDescriptor<>("waiting-kpis", Types.POJO(ChannelKpi.class)));
    }

    @Override
    public void processElement1(ChannelKpi kpi, Context ctx, Collector<ChannelKpi> out) throws Exception {
        waiting.add(kpi);
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
    }

    @Override
    public void processElement2(Partner partner, Context ctx, Collector<ChannelKpi> out) throws Exception {
        channelType.update(partner.channelType());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChannelKpi> out) throws Exception {
        ChannelType type = channelType.value();
        List<ChannelKpi> keep = new ArrayList<>();
        for (ChannelKpi kpi : waiting.get()) {
            if (kpi.windowEnd().toEpochMilli() - 1 <= timestamp) {
                out.collect(kpi.withChannelType(type));
            } else {
                keep.add(kpi);
            }
        }
        waiting.update(keep);
    }
}
