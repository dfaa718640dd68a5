package io.channelpulse.economics;

import io.channelpulse.detect.EventTimeBuffer;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertIds;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.MonthlyProfit;
import io.channelpulse.model.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by outlet: fires STORE_CLOSURE_CANDIDATE on the CEP pattern's streak and resolves it at the
 * store's next month that is not a loss (profit ≥ 0). Streaks and months come on two paths (the
 * streak through the CEP operator), so both wait for the watermark and are handled in event-time
 * order, a month before a streak that ends in it; the result does not depend on which arrives first.
 * An open candidate keeps one value (the period it fired in); nothing else stays in state.
 */
public final class StoreClosureAlerts extends KeyedProcessFunction<String, StoreEvent, Alert> {

    public static final String UID = "store-closure-alerts";
    public static final String NAME = "STORE_CLOSURE_CANDIDATE alerts";

    private transient EventTimeBuffer<StoreEvent> buffer;
    private transient ValueState<String> firedIn;

    @Override
    public void open(OpenContext openContext) {
        buffer = new EventTimeBuffer<>(getRuntimeContext(), "store-events", TypeInformation.of(StoreEvent.class));
        firedIn = getRuntimeContext().getState(new ValueStateDescriptor<>("fired-in", Types.STRING));
    }

    @Override
    public void processElement(StoreEvent e, Context ctx, Collector<Alert> out) throws Exception {
        buffer.add(e, ctx.timestamp(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        buffer.releaseDue(ctx.timerService(), (time, events) -> {
            List<StoreEvent> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing(StoreEvent::isStreak));
            for (StoreEvent e : ordered) {
                handle(e, out);
            }
        });
    }

    private void handle(StoreEvent e, Collector<Alert> out) throws Exception {
        String fired = firedIn.value();
        if (e.isStreak() && fired == null) {
            firedIn.update(e.period());
            List<MonthlyProfit> months = e.streak();
            out.collect(ChannelPlan.alert(Rule.STORE_CLOSURE_CANDIDATE, AlertStatus.FIRING,
                    AlertIds.of(Rule.STORE_CLOSURE_CANDIDATE, e.outletId(), e.period()), e.closeAt(), e.channelId(), e.partnerId(),
                    e.outletId(), String.format("Direct store %s (channel %s) lost money %d months in a row, %s to %s",
                            e.outletId(), e.channelId(), months.size(), months.get(0).period(), e.period()),
                    AlertDetails.storeMonths(e.period(), months), e.period()));
        } else if (!e.isStreak() && fired != null && e.month().profit().signum() >= 0) {
            firedIn.clear();
            out.collect(ChannelPlan.alert(Rule.STORE_CLOSURE_CANDIDATE, AlertStatus.RESOLVED,
                    AlertIds.of(Rule.STORE_CLOSURE_CANDIDATE, e.outletId(), fired), e.closeAt(), e.channelId(), e.partnerId(),
                    e.outletId(), String.format("Direct store %s made %s in %s", e.outletId(), e.month().profit().toPlainString(), e.period()),
                    AlertDetails.storeMonths(e.period(), List.of(e.month())).withResolution("PROFITABLE_MONTH"), e.period()));
        }
    }
}
