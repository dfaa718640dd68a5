package io.channelpulse.job;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Replay's clock. A bounded source ends with a watermark at +infinity, which would fire every
 * pending SLA deadline and close every open price episode. This operator, chained right after each
 * replay source, replaces that final watermark with the time of the last input event, so at the end
 * of a replay event time stands where the data stops: orders due later are still open, open
 * episodes stay open. KPI windows are flushed separately by {@link FlushOnEndOfInput}.
 */
public final class EventTimeHorizon<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {

    private final long endOfInput;

    public EventTimeHorizon(long endOfInputMillis) {
        this.endOfInput = endOfInputMillis;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            super.processWatermark(new Watermark(endOfInput));
        } else {
            super.processWatermark(mark);
        }
    }
}
