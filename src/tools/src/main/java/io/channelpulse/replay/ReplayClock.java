package io.channelpulse.replay;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Replay's clock, chained right after each replay source. A bounded source ends with a watermark at
 * +infinity, which would fire every pending SLA deadline and close every open price episode. This
 * operator replaces that final watermark with the time of the last input event of the whole
 * replay, so at the end event time stands where the data stops: orders due later are still open,
 * open episodes stay open. KPI windows are flushed separately by {@code FlushOnEndOfInput}.
 *
 * <p>The last event time is found in the same pass that feeds the job: each clock tracks the
 * latest timestamp it forwards (dead letters and untimed reference data carry none), and at end of
 * input the clocks of all sources agree on the latest of them through {@link EndOfInput}. A
 * source therefore holds its final watermark until every other source has read its file; the
 * watermarks it forwarded before that stand, so nothing downstream waits for data.
 */
final class ReplayClock<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    private final EndOfInput.Agreement agreement;
    private final String stream;
    private transient long latest;

    ReplayClock(EndOfInput.Agreement agreement, String stream) {
        this.agreement = agreement;
        this.stream = stream;
    }

    @Override
    public void open() throws Exception {
        super.open();
        latest = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        if (element.hasTimestamp()) {
            latest = Math.max(latest, element.getTimestamp());
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            super.processWatermark(new Watermark(agreement.agree(stream, latest)));
        } else {
            super.processWatermark(mark);
        }
    }
}
