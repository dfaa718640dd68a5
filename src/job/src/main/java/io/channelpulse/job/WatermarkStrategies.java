package io.channelpulse.job;

import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The one place watermark strategies are built. Every stream uses bounded out-of-orderness on its
 * own event time; reference data without a time (partners) never advances its watermark by itself.
 *
 * <p>Live, event time is decided per topic by {@code kafka.EventTimeGate} (backlog-aware idleness).
 * Replay emits a watermark after every record: the lateness of an event then depends only on file
 * order, never on when a periodic watermark happened to fire, so replays are repeatable.
 */
public final class WatermarkStrategies {

    private WatermarkStrategies() {}

    /**
     * For live Kafka sources: timestamps only. Their watermarks come from the EventTimeGate that
     * follows each source, which knows how much of each partition is left to read; a source-side
     * idleness timer cannot tell a quiet partition from one whose reader has not fetched yet.
     */
    public static <T> WatermarkStrategy<Parsed<T>> timestampsOnly(EventStream<T> stream) {
        return WatermarkStrategy.<Parsed<T>>noWatermarks()
                .withTimestampAssigner((parsed, previous) -> stream.timestampOf(parsed));
    }

    /** For replay of bounded files: a watermark after every record, no idleness. */
    public static <T> WatermarkStrategy<Parsed<T>> replay(
            EventStream<T> stream, Duration outOfOrderness) {
        long bound = outOfOrderness.toMillis();
        return WatermarkStrategy.<Parsed<T>>forGenerator(ctx -> new PerRecord<>(bound))
                .withTimestampAssigner((parsed, previous) -> stream.timestampOf(parsed));
    }

    /** Bounded out-of-orderness that emits on every record instead of periodically. */
    static final class PerRecord<T> implements WatermarkGenerator<T> {
        private final long bound;
        private long maxTimestamp = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        PerRecord(long bound) {
            this.bound = bound;
        }

        @Override
        public void onEvent(T event, long timestamp, WatermarkOutput output) {
            if (timestamp == Long.MIN_VALUE) {
                return; // dead letters and untimed reference data
            }
            maxTimestamp = Math.max(maxTimestamp, timestamp);
            long watermark = maxTimestamp - bound - 1;
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
