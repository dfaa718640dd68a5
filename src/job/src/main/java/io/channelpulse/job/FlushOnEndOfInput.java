package io.channelpulse.job;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records and watermarks through, and when its input ends (only ever in replay) emits a final
 * watermark at +infinity so the last, partial KPI windows are emitted. Detections do not sit behind
 * this operator, so their clock still stops at the last event (see {@code replay.ReplayClock}).
 * On an unbounded Kafka input it never fires.
 */
public final class FlushOnEndOfInput<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void endInput() {
        output.emitWatermark(org.apache.flink.streaming.api.watermark.Watermark.MAX_WATERMARK);
    }
}
