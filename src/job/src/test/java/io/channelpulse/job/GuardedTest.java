package io.channelpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The invariant "a data error never fails a task": a stateful operator that throws for one record
 * turns it into a dead letter with reason {@code internal} and keeps going, and every stateful
 * operator of the job graph is wrapped so.
 */
class GuardedTest {

    static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

    /** Throws on the value "poison" and on the timer at time 13; echoes everything else. */
    static final class Fragile extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            if (value.equals("poison")) {
                throw new ArithmeticException("BigInteger would overflow supported range");
            }
            ctx.timerService().registerEventTimeTimer(Long.parseLong(value));
            out.collect(value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            if (timestamp == 13) {
                throw new IllegalStateException("unlucky timer");
            }
            out.collect("timer " + timestamp);
        }
    }

    @Test
    void aRecordThatMakesTheOperatorThrowBecomesAnInternalDeadLetterAndTheNextRecordIsProcessed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        Guarded.keyed("fragile-op", new Fragile()), v -> "k", Types.STRING)) {
            harness.processElement("poison", T.toEpochMilli());
            harness.processElement("12", T.toEpochMilli());

            assertThat(harness.extractOutputValues()).containsExactly("12");
            List<DeadLetter> dead = deadLetters(harness);
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(DeadLetter.INTERNAL);
                assertThat(d.stream()).isEqualTo("fragile-op");
                assertThat(d.message()).contains("java.lang.ArithmeticException").contains("key k");
                assertThat(d.payload()).isEqualTo("\"poison\"");
                assertThat(d.eventTime()).isEqualTo(T);
            });
        }
    }

    @Test
    void aTimerThatThrowsBecomesAnInternalDeadLetterAndLaterTimersStillFire() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        Guarded.keyed("fragile-op", new Fragile()), v -> "k", Types.STRING)) {
            harness.processElement("13", 1);
            harness.processElement("14", 2);
            harness.processWatermark(20);

            assertThat(harness.extractOutputValues()).containsExactly("13", "14", "timer 14");
            assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
                assertThat(d.message()).contains("java.lang.IllegalStateException").contains("timer at 13");
                assertThat(d.payload()).isNull();
            });
        }
    }

    @Test
    void everyStatefulOperatorOfTheJobGraphIsGuarded() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobInputs inputs = new JobInputs(
                empty(env, EventStream.POS_SALES), empty(env, EventStream.PRICES), empty(env, EventStream.INVENTORY),
                empty(env, EventStream.ORDERS), empty(env, EventStream.CHANNEL_COSTS), empty(env, EventStream.GUIDE_PRICES), empty(env, EventStream.PARTNERS));
        JobOutputs out = new ChannelPulseJob(PulseConfig.defaults(), false).build(inputs);
        out.alerts().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        out.kpis().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        out.deadLetters().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());

        List<String> keyedFunctions = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            if (!(node.getOperatorFactory() instanceof SimpleOperatorFactory<?> factory)) {
                continue;
            }
            StreamOperator<?> operator = factory.getOperator();
            if (operator instanceof AbstractUdfStreamOperator<?, ?> udf) {
                Function f = udf.getUserFunction();
                if (f instanceof KeyedProcessFunction || f instanceof KeyedCoProcessFunction
                        || f instanceof KeyedBroadcastProcessFunction) {
                    keyedFunctions.add(node.getOperatorName());
                    assertThat(f.getClass().getEnclosingClass())
                            .as("operator '%s' must be wrapped by Guarded", node.getOperatorName())
                            .isEqualTo(Guarded.class);
                }
            }
        }
        // admission ×5 (with channel costs), guide lookup, episodes, diversion, SLA resolver, channel type of KPIs and of
        // alerts, and the economics: monthly ledger, channel plan, store closure alerts
        assertThat(keyedFunctions).hasSize(14);
    }

    private static <T> org.apache.flink.streaming.api.datastream.DataStream<Parsed<T>> empty(
            StreamExecutionEnvironment env, EventStream<T> stream) {
        return env.fromData(List.<Parsed<T>>of(), StreamTypes.parsed(stream));
    }

    private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, String, String> harness) {
        List<DeadLetter> out = new ArrayList<>();
        var records = harness.getSideOutput(SideOutputs.DEAD_LETTERS);
        if (records != null) {
            records.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }
}
