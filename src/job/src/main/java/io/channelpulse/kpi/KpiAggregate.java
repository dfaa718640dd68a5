package io.channelpulse.kpi;

import io.channelpulse.model.ChannelKpi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Incremental aggregation of contributions into a {@link ChannelKpi} per channel window. */
public final class KpiAggregate implements AggregateFunction<KpiContribution, KpiAccumulator, KpiAccumulator> {

    public static final String UID = "channel-kpi-windows";
    public static final String NAME = "Channel KPIs (tumbling event-time windows)";

    @Override
    public KpiAccumulator createAccumulator() {
        return new KpiAccumulator();
    }

    @Override
    public KpiAccumulator add(KpiContribution contribution, KpiAccumulator acc) {
        acc.add(contribution);
        return acc;
    }

    @Override
    public KpiAccumulator getResult(KpiAccumulator acc) {
        return acc;
    }

    @Override
    public KpiAccumulator merge(KpiAccumulator a, KpiAccumulator b) {
        a.merge(b);
        return a;
    }

    /** Adds the window bounds and derives the rates and percentiles. */
    public static final class ToKpi extends ProcessWindowFunction<KpiAccumulator, ChannelKpi, String, TimeWindow> {
        @Override
        public void process(String channelId, Context ctx, Iterable<KpiAccumulator> accs, Collector<ChannelKpi> out) {
            for (KpiAccumulator acc : accs) {
                out.collect(toKpi(channelId, ctx.window(), acc));
            }
        }
    }

    static ChannelKpi toKpi(String channelId, TimeWindow window, KpiAccumulator acc) {
        List<Long> sorted = new ArrayList<>(acc.responseSeconds);
        sorted.sort(null);
        Double compliance = acc.priceChecks == 0
                ? null
                : (double) (acc.priceChecks - acc.belowGuide) / acc.priceChecks;
        return new ChannelKpi(
                channelId,
                null,
                Instant.ofEpochMilli(window.getStart()),
                Instant.ofEpochMilli(window.getEnd()),
                acc.transactions,
                acc.unitsSold,
                acc.revenue,
                acc.priceChecks,
                acc.belowGuide,
                compliance,
                acc.uncheckedPrices,
                acc.ordersCreated,
                acc.ordersAnswered,
                Percentiles.nearestRank(sorted, 50),
                Percentiles.nearestRank(sorted, 95),
                acc.slaBreaches,
                acc.stockOutSnapshots,
                acc.divertedSightings);
    }
}
