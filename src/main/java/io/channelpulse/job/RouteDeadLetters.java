package io.channelpulse.job;

import io.channelpulse.serde.Parsed;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
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

    RouteDeadLetters(String stream) {
        this.stream = stream;
    }

    @Override
    public void open(OpenContext openContext) {
        read = getRuntimeContext().getLongCounter(RECORDS_READ + stream);
    }

    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<Parsed<T>> out) {
        read.add(1);
        if (parsed.isOk()) {
            out.collect(parsed);
        } else {
            ctx.output(SideOutputs.DEAD_LETTERS, parsed.deadLetter());
        }
    }
}
