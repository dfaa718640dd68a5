package io.channelpulse.job;

import io.channelpulse.serde.Parsed;
import org.apache.flink.api.common.accumulators.LongCounter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * First operator after every source: counts what was read and routes records that failed the
 * contract to the dead-letter side output, so a poison record never reaches (or restarts) the rest
 * of the job.
 */
final class RouteDeadLetters<T> extends ProcessFunction<Parsed<T>, Parsed<T>> {

    static final String RECORDS_READ = "records-read.";

    private final String stream;
    private transient LongCounter read;
    private transient Counter eventsIn;
    private transient Map<String, Counter> deadLettersByReason;
    private transient MetricGroup metrics;

    RouteDeadLetters(String stream) {
        this.stream = stream;
    }

    @Override
    public void open(OpenContext openContext) {
        read = getRuntimeContext().getLongCounter(RECORDS_READ + stream);
        metrics = PipelineMetrics.stream(getRuntimeContext().getMetricGroup(), stream);
        eventsIn = metrics.counter(PipelineMetrics.EVENTS_IN);
        deadLettersByReason = new HashMap<>();
    }

    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<Parsed<T>> out) {
        read.add(1);
        eventsIn.inc();
        if (parsed.isOk()) {
            out.collect(parsed);
        } else {
            String reason = parsed.deadLetter().reason();
            deadLettersByReason
                    .computeIfAbsent(reason, r -> PipelineMetrics.deadLetters(metrics, r))
                    .inc();
            ctx.output(SideOutputs.DEAD_LETTERS, parsed.deadLetter());
        }
    }
}
