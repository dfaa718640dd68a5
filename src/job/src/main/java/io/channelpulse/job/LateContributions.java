package io.channelpulse.job;

import io.channelpulse.kpi.KpiContribution;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * A KPI contribution that reached its window after the window closed. Admission already
 * dead-letters late input, so this only happens to facts derived by timers; it is counted and
 * dead-lettered (stream {@code kpi-contributions}, reason {@code late}) rather than dropped.
 */
final class LateContributions extends RichMapFunction<KpiContribution, DeadLetter> {

    static final String STREAM = "kpi-contributions";

    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = PipelineMetrics.deadLetters(
                PipelineMetrics.stream(getRuntimeContext().getMetricGroup(), STREAM), DeadLetter.LATE);
    }

    @Override
    public DeadLetter map(KpiContribution contribution) throws Exception {
        late.inc();
        return new DeadLetter(STREAM, null, null, null, null, null, DeadLetter.LATE, "eventTime",
                "late: a KPI contribution of channel " + contribution.channelId() + " at "
                        + contribution.eventTime() + " reached its window after the window closed",
                contribution.eventTime(), Json.mapper().writeValueAsString(contribution));
    }
}
