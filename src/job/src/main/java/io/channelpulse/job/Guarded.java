package io.channelpulse.job;

import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.Json;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The invariant that a data error never fails a task, applied to the job's stateful operators. Each
 * wrapper delegates to the real function and turns any {@link RuntimeException} it throws for one
 * record (or one timer) into a dead letter with reason {@code internal}, the operator's uid as its
 * stream, and the exception's class, instead of letting it restart the job into a crash loop on the
 * same record. State descriptors and uids are the wrapped function's, so savepoints are unaffected.
 *
 * <p>Input bounds ({@link io.channelpulse.config.InputBounds}) keep known hostile values out; this
 * is the net for what no bound foresaw. Errors that are not about data ({@code Error}s, checked
 * exceptions from state backends) still fail the task, as they should.
 */
public final class Guarded {

    private Guarded() {}

    public static <K, I, O> KeyedProcessFunction<K, I, O> keyed(String uid, KeyedProcessFunction<K, I, O> f) {
        return new Keyed<>(uid, f);
    }

    public static <K, A, B, O> KeyedCoProcessFunction<K, A, B, O> keyedCo(
            String uid, KeyedCoProcessFunction<K, A, B, O> f) {
        return new KeyedCo<>(uid, f);
    }

    public static <K, A, B, O> KeyedBroadcastProcessFunction<K, A, B, O> keyedBroadcast(
            String uid, KeyedBroadcastProcessFunction<K, A, B, O> f) {
        return new KeyedBroadcast<>(uid, f);
    }

    /** The dead letter for a record (or timer) that made operator {@code uid} throw. */
    static DeadLetter internal(String uid, Object key, Object record, Long timestamp, RuntimeException e) {
        String payload;
        try {
            payload = record == null ? null : Json.mapper().writeValueAsString(record);
        } catch (Exception | StackOverflowError notJson) {
            payload = String.valueOf(record);
        }
        String what = record == null ? "timer at " + timestamp : record.getClass().getSimpleName();
        Instant time = timestamp == null || timestamp == Long.MIN_VALUE || timestamp == Long.MAX_VALUE
                ? null
                : Instant.ofEpochMilli(timestamp);
        return new DeadLetter(uid, null, null, null, null, null, DeadLetter.INTERNAL, null,
                "internal: " + e.getClass().getName() + " in operator " + uid + " for key " + key
                        + " on " + what + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                time, payload);
    }

    /** One call into the wrapped function. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs calls into the wrapped function; a RuntimeException becomes a counted, internal dead letter. */
    private static final class Guard implements java.io.Serializable {
        private final String uid;
        private transient Counter counter;

        Guard(String uid) {
            this.uid = uid;
        }

        void open(RuntimeContext context) {
            counter = PipelineMetrics.deadLetters(PipelineMetrics.stream(context.getMetricGroup(), uid), DeadLetter.INTERNAL);
        }

        void run(Call call, Consumer<DeadLetter> out, Object key, Object record, Long timestamp) throws Exception {
            try {
                call.run();
            } catch (RuntimeException e) {
                counter.inc();
                out.accept(internal(uid, key, record, timestamp, e));
            }
        }
    }

    private static final OutputTag<DeadLetter> OUT = SideOutputs.DEAD_LETTERS;

    static final class Keyed<K, I, O> extends KeyedProcessFunction<K, I, O> {
        private final KeyedProcessFunction<K, I, O> inner;
        private final Guard guard;

        Keyed(String uid, KeyedProcessFunction<K, I, O> inner) {
            this.inner = inner;
            this.guard = new Guard(uid);
        }

        @Override
        public void setRuntimeContext(RuntimeContext context) {
            super.setRuntimeContext(context);
            inner.setRuntimeContext(context);
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            guard.open(getRuntimeContext());
            inner.open(openContext);
        }

        @Override
        public void close() throws Exception {
            inner.close();
        }

        @Override
        public void processElement(I value, Context ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.processElement(value, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), value, ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.onTimer(timestamp, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), null, timestamp);
        }
    }

    static final class KeyedCo<K, A, B, O> extends KeyedCoProcessFunction<K, A, B, O> {
        private final KeyedCoProcessFunction<K, A, B, O> inner;
        private final Guard guard;

        KeyedCo(String uid, KeyedCoProcessFunction<K, A, B, O> inner) {
            this.inner = inner;
            this.guard = new Guard(uid);
        }

        @Override
        public void setRuntimeContext(RuntimeContext context) {
            super.setRuntimeContext(context);
            inner.setRuntimeContext(context);
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            guard.open(getRuntimeContext());
            inner.open(openContext);
        }

        @Override
        public void close() throws Exception {
            inner.close();
        }

        @Override
        public void processElement1(A value, Context ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.processElement1(value, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), value, ctx.timestamp());
        }

        @Override
        public void processElement2(B value, Context ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.processElement2(value, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), value, ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.onTimer(timestamp, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), null, timestamp);
        }
    }

    static final class KeyedBroadcast<K, A, B, O> extends KeyedBroadcastProcessFunction<K, A, B, O> {
        private final KeyedBroadcastProcessFunction<K, A, B, O> inner;
        private final Guard guard;

        KeyedBroadcast(String uid, KeyedBroadcastProcessFunction<K, A, B, O> inner) {
            this.inner = inner;
            this.guard = new Guard(uid);
        }

        @Override
        public void setRuntimeContext(RuntimeContext context) {
            super.setRuntimeContext(context);
            inner.setRuntimeContext(context);
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            guard.open(getRuntimeContext());
            inner.open(openContext);
        }

        @Override
        public void close() throws Exception {
            inner.close();
        }

        @Override
        public void processElement(A value, ReadOnlyContext ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.processElement(value, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), value, ctx.timestamp());
        }

        @Override
        public void processBroadcastElement(B value, Context ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.processBroadcastElement(value, ctx, out), d -> ctx.output(OUT, d), "(broadcast)", value, ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
            guard.run(() -> inner.onTimer(timestamp, ctx, out), d -> ctx.output(OUT, d), ctx.getCurrentKey(), null, timestamp);
        }
    }
}
