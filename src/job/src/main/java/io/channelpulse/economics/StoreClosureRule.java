package io.channelpulse.economics;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;

/**
 * STORE_CLOSURE_CANDIDATE as a CEP rule over a direct store's closed months (keyed by outlet):
 * {@code stores.loss-streak-months} loss months in a row, {@code times(n).consecutive()}. Each loss
 * month must also be the calendar month right after the one before it, so a month with neither
 * sales nor costs (which has no record) breaks the streak like a profitable one. After a match the
 * next streak starts after its last month.
 */
public final class StoreClosureRule {

    public static final String UID = "store-closure-cep";
    public static final String NAME = "STORE_CLOSURE_CANDIDATE (CEP)";
    static final String LOSSES = "losses";

    private final int months;

    public StoreClosureRule(int months) {
        this.months = months;
    }

    public Pattern<OutletProfit, ?> pattern() {
        return Pattern.<OutletProfit>begin(LOSSES, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new NextLossMonth())
                .times(months)
                .consecutive();
    }

    public PatternProcessFunction<OutletProfit, StoreEvent> processFunction() {
        return new Streaks();
    }

    /** A loss month that directly follows the streak's last month (any loss month starts one). */
    static final class NextLossMonth extends IterativeCondition<OutletProfit> {
        @Override
        public boolean filter(OutletProfit month, Context<OutletProfit> ctx) throws Exception {
            if (!month.isLoss()) {
                return false;
            }
            OutletProfit last = null;
            for (OutletProfit p : ctx.getEventsForPattern(LOSSES)) {
                last = p;
            }
            return last == null || month.monthIndex() == last.monthIndex() + 1;
        }
    }

    /** A complete streak, as the event the alerting step reads. */
    static final class Streaks extends PatternProcessFunction<OutletProfit, StoreEvent> {
        @Override
        public void processMatch(Map<String, List<OutletProfit>> match, Context ctx, Collector<StoreEvent> out) {
            out.collect(StoreEvent.ofStreak(match.get(LOSSES)));
        }
    }
}
