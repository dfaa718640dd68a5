package io.channelpulse.replay;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Replay's clock, chained right after the source of each event stream. A bounded source ends with a watermark at
 * +infinity, which would fire every pending SLA deadline and close every open price episode. This
 * operator replaces that final watermark with the time of the last input event of the whole
 * replay, so at the end event time stands where the data stops: orders due later are still open,
 * open episodes stay open. KPI windows are flushed separately by {@code FlushOnEndOfInput}.
 *
 * <p>The last event time is found in the same pass that feeds the job: each clock tracks the
 * latest timestamp it forwards (dead letters and untimed reference data carry none), and at end of
 * input the clocks of all sources agree on the latest of them ({@link ReplayClocks}). A source
 * therefore holds its final watermark until every other source has read its file; the watermarks
 * it forwarded before that stand. While reading, an event stream's clock also holds its source
 * back when it runs too far ahead of the others, which bounds what joins buffer.
 *
 * <p>Reference data (guide prices, partners) has no clock: its sources end with +infinity as soon
 * as their small files are read, so nothing waits for them. That cannot fire anything early: every
 * operator that reads reference data also reads an event stream, whose clock stops at the end.
 */
final class ReplayClock<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    private final ReplayClocks.Handle clocks;
    private final String stream;
    private transient int slot;
    private transient long latest;

    ReplayClock(ReplayClocks.Handle clocks, String stream) {
        this.clocks = clocks;
        this.stream = stream;
    }

    @Override
    public void open() throws Exception {
        super.open();
        slot = clocks.slotOf(stream);
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
            super.processWatermark(new Watermark(clocks.agree(stream, latest)));
            return;
        }
        clocks.advance(slot, mark.getTimestamp());
        super.processWatermark(mark);
    }
}
