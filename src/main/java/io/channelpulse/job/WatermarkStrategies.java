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
 * <p>Live sources add idleness so a quiet topic (guide prices, partners) cannot stall event time.
 * Replay instead emits a watermark after every record: the lateness of an event then depends only
 * on file order, never on when a periodic watermark happened to fire, so replays are repeatable.
 */
public final class WatermarkStrategies {

    private WatermarkStrategies() {}

    /** For live, unbounded sources: periodic watermarks plus idleness. */
    public static <T> WatermarkStrategy<Parsed<T>> live(
            EventStream<T> stream, Duration outOfOrderness, Duration idleTimeout) {
        return WatermarkStrategy.<Parsed<T>>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((parsed, previous) -> stream.timestampOf(parsed))
                .withIdleness(idleTimeout);
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
