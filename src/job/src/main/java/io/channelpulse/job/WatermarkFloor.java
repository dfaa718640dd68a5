package io.channelpulse.job;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Remembers the watermark across restores, in front of the KPI windows. Flink checkpoints no
 * watermarks: after a restore every operator starts at the beginning of time, and a window that
 * had already fired (and whose state was cleared) would open again for a contribution that the
 * job before the restore would have called late, and its KPI record would be committed twice.
 * This operator keeps the highest watermark it forwarded in its state and forwards it again
 * before anything else after a restore; lower watermarks that follow are not forwarded.
 *
 * <p>Every subtask restores the lowest watermark any subtask had (union state), so a rescale can
 * only make the floor more conservative, never skip a window.
 */
public final class WatermarkFloor<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {

    public static final String UID = "kpi-watermark-floor";

    private transient ListState<Long> state;
    private transient long floor;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = getOperatorStateBackend().getUnionListState(new ListStateDescriptor<>("watermark-floor", Types.LONG));
        floor = Long.MIN_VALUE;
        boolean any = false;
        long lowest = Long.MAX_VALUE;
        for (Long w : state.get()) {
            any = true;
            lowest = Math.min(lowest, w);
        }
        if (any) {
            floor = lowest;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (floor != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(floor));
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() > floor) {
            floor = mark.getTimestamp();
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(List.of(floor));
    }
}
