package io.channelpulse.kafka;

import io.channelpulse.job.PipelineMetrics;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event time for one input topic, decided from what the topic holds rather than from when records
 * happen to arrive. It runs once per topic (parallelism 1) right after the topic's Kafka source and
 * replaces the source's watermarks:
 *
 * <ul>
 *   <li>Each partition has its own bounded-out-of-orderness watermark; the topic's watermark is the
 *       minimum over the partitions that hold it back.
 *   <li>A partition with committed data not yet read always holds it back. At start-up and after a
 *       restore that is every partition with a backlog, so no stream is ever judged idle because
 *       its reader started late, was slow or was backpressured.
 *   <li>Only a partition that has read everything committed (checked against the broker, not
 *       guessed) and then received nothing for {@code event-time.idle-timeout} stops holding it
 *       back. A record that later arrives behind the watermark is late: admission counts it and
 *       dead-letters it.
 *   <li>Dead letters have no event time: they count as read but not as activity, so a partition
 *       fed only garbage never holds event time.
 *   <li>When no partition holds event time any more, the topic's watermark first moves to its
 *       newest event, then the topic goes idle: everything read is final. Records still waiting
 *       in operators downstream (an observation for its guide price, a sighting for its batch)
 *       are released before other topics can move event time past them; without this, the last
 *       out-of-orderness worth of a quiet topic would stay stuck while KPI windows closed without
 *       it. The price: a record that arrives after its topic went idle, behind that newest event,
 *       is late (counted and dead-lettered at admission).
 *   <li>The watermark and which partitions were quiet are part of the gate's state. Flink keeps
 *       no watermarks across a restore; the gate re-emits its own before the first record, so a
 *       record that was late before a stop is late after it, and no closed window reopens.
 *   <li>Reference data (guide prices, partners) has no event time. Its watermark is held at the
 *       start of time until every partition has been read to its end, then the stream goes idle.
 *       So the reference data present at start-up or restore is in place before any observation
 *       is judged, as in replay, where reference files are read before the clock moves.
 * </ul>
 *
 * <p>Live results then do not depend on partition assignment, arrival timing or idleness. See
 * docs/DISCUSSION.md, "Live event time".
 */
public final class EventTimeGate<T> extends AbstractStreamOperator<Parsed<T>>
        implements OneInputStreamOperator<Parsed<T>, Parsed<T>> {

    public static final String UID = "event-time-gate-";

    private static final Logger LOG = LoggerFactory.getLogger(EventTimeGate.class);
    private static final long TICK_MILLIS = 200;

    private final EventStream<T> stream;
    private final String topic;
    private final Properties clientProperties;
    private final String groupId;
    private final long outOfOrderness;
    private final long idleTimeout;

    /** Per partition: {partition, last offset read, max event time read, 1 if quiet}. */
    private transient ListState<long[]> progressState;
    /** The topic's last emitted watermark (one element). */
    private transient ListState<Long> watermarkState;
    private transient TreeMap<Integer, Progress> partitions;
    private transient PartitionTails tails;
    private transient long emitted;
    private transient boolean idle;
    private transient boolean restored;
    private transient volatile boolean caughtUp;

    /** What the gate knows of one partition. */
    private static final class Progress {
        long lastOffset = -1;
        long maxTimestamp = Long.MIN_VALUE;
        /** Offset of the last committed record known to exist; the partition holds event time until it is read. */
        long pendingUntil = -1;
        /** Processing time of the latest record, or of the gate's start. */
        long lastRecordMillis;
        long lastCheckMillis = Long.MIN_VALUE;
        /** Restored as quiet: it did not hold event time at the checkpoint. */
        boolean restoredQuiet;

        boolean pending() {
            return lastOffset < pendingUntil;
        }
    }

    public EventTimeGate(
            EventStream<T> stream, String topic, Properties clientProperties, String groupId,
            long outOfOrdernessMillis, long idleTimeoutMillis) {
        this.stream = stream;
        this.topic = topic;
        this.clientProperties = clientProperties;
        this.groupId = groupId;
        this.outOfOrderness = outOfOrdernessMillis;
        this.idleTimeout = idleTimeoutMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        progressState = getOperatorStateBackend().getListState(
                new ListStateDescriptor<long[]>("partition-progress", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        watermarkState = getOperatorStateBackend().getListState(
                new ListStateDescriptor<>("topic-watermark", Types.LONG));
        partitions = new TreeMap<>();
        for (long[] entry : progressState.get()) {
            Progress p = new Progress();
            p.lastOffset = entry[1];
            p.maxTimestamp = entry[2];
            p.restoredQuiet = entry.length > 3 && entry[3] == 1;
            partitions.put((int) entry[0], p);
        }
        emitted = Long.MIN_VALUE;
        for (Long w : watermarkState.get()) {
            emitted = Math.max(emitted, w);
        }
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = PipelineMetrics.stream(getMetricGroup(), stream.name());
        metrics.gauge(PipelineMetrics.CAUGHT_UP, (Gauge<Integer>) () -> caughtUp ? 1 : 0);
        tails = new PartitionTails(clientProperties, groupId, topic);
        List<Integer> all = tails.partitions();
        var starts = restored ? null : tails.startOffsets(all, stream.isEventStream());
        long now = getProcessingTimeService().getCurrentProcessingTime();
        // Quiet at the checkpoint stays quiet (until the broker shows new data); the rest starts anew.
        partitions.values().forEach(p -> p.lastRecordMillis = p.restoredQuiet ? now - idleTimeout : now);
        for (int partition : all) {
            Progress p = partitions.computeIfAbsent(partition, k -> newProgress(now));
            if (!restored) {
                p.lastOffset = starts.get(partition) - 1;
            }
            p.pendingUntil = tails.lastDataOffset(partition, p.lastOffset + 1);
        }
        LOG.info("{}: catching up to {} before event time moves", topic, describe());
        if (emitted != Long.MIN_VALUE) {
            // Before any record: downstream operators start a restore at the start of time.
            output.emitWatermark(new Watermark(emitted));
        }
        tick();
        scheduleTick();
    }

    private void scheduleTick() {
        var time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + TICK_MILLIS, t -> {
            tick();
            scheduleTick();
        });
    }

    @Override
    public void processElement(StreamRecord<Parsed<T>> element) {
        Parsed<T> parsed = element.getValue();
        int partition;
        long offset;
        if (parsed.isOk()) {
            partition = parsed.origin().partition();
            offset = parsed.origin().offset();
        } else {
            DeadLetter d = parsed.deadLetter();
            partition = d.partition();
            offset = d.offset();
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        Progress p = partitions.computeIfAbsent(partition, k -> newProgress(now));
        p.lastOffset = Math.max(p.lastOffset, offset);
        long timestamp = stream.timestampOf(parsed);
        if (timestamp == Long.MIN_VALUE && stream.isEventStream()) {
            // A dead letter has no event time: it counts as read (the backlog check needs that)
            // but not as activity, so a partition fed only garbage never holds event time back
            // and never wakes an idle stream.
            output.collect(element);
            return;
        }
        p.lastRecordMillis = now;
        if (timestamp != Long.MIN_VALUE) {
            p.maxTimestamp = Math.max(p.maxTimestamp, timestamp);
        }
        if (idle && stream.isEventStream()) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        output.collect(element);
    }

    private static Progress newProgress(long now) {
        Progress p = new Progress();
        p.lastRecordMillis = now;
        return p;
    }

    /** Recomputes the watermark and idleness; runs every {@value #TICK_MILLIS} ms on the task thread. */
    private void tick() {
        boolean allRead = true;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        for (var entry : partitions.entrySet()) {
            Progress p = entry.getValue();
            if (!p.pending() && quietFor(p, now)
                    && (p.lastCheckMillis == Long.MIN_VALUE || now - p.lastCheckMillis >= idleTimeout)) {
                // About to call the partition idle: ask the broker whether data arrived meanwhile.
                p.lastCheckMillis = now;
                try {
                    p.pendingUntil = Math.max(p.pendingUntil, tails.lastDataOffset(entry.getKey(), p.lastOffset + 1));
                } catch (KafkaException e) {
                    LOG.warn("{}: cannot check partition {} ({}); it keeps holding event time", topic, entry.getKey(), e.toString());
                    p.pendingUntil = Math.max(p.pendingUntil, p.lastOffset + 1);
                }
            }
            allRead &= !p.pending();
        }
        if (allRead && !caughtUp) {
            LOG.info("{}: caught up at {}", topic, describe());
        }
        caughtUp = allRead;
        if (!stream.isEventStream()) {
            if (allRead && !idle) {
                idle = true; // reference data in place: it never holds back event time again
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
            return;
        }
        long watermark = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        boolean anyHolding = false;
        for (Progress p : partitions.values()) {
            newest = Math.max(newest, p.maxTimestamp);
            if (holds(p, now)) {
                anyHolding = true;
                long w = p.maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : p.maxTimestamp - outOfOrderness - 1;
                watermark = Math.min(watermark, w);
            }
        }
        if (!anyHolding) {
            if (!idle) {
                // Everything committed is read and quiet: it is final up to the newest event, so
                // release what operators downstream still hold before going idle.
                if (newest > emitted) {
                    emitted = newest;
                    output.emitWatermark(new Watermark(newest));
                }
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
            return;
        }
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    private boolean quietFor(Progress p, long now) {
        return now - p.lastRecordMillis >= idleTimeout;
    }

    private boolean holds(Progress p, long now) {
        return p.pending() || !quietFor(p, now);
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        partitions.forEach((partition, p) -> out.append(out.length() == 0 ? "" : ", ")
                .append(partition).append(": read ").append(p.lastOffset).append(" of ").append(p.pendingUntil));
        return "{" + out + "}";
    }

    /** The source's own watermarks are replaced by this operator's. */
    @Override
    public void processWatermark(Watermark mark) {}

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        long now = getProcessingTimeService().getCurrentProcessingTime();
        List<long[]> entries = new ArrayList<>();
        partitions.forEach((partition, p) -> entries.add(
                new long[] {partition, p.lastOffset, p.maxTimestamp, holds(p, now) ? 0 : 1}));
        progressState.update(entries);
        watermarkState.update(List.of(emitted));
    }

    @Override
    public void close() throws Exception {
        if (tails != null) {
            tails.close();
        }
        super.close();
    }
}
