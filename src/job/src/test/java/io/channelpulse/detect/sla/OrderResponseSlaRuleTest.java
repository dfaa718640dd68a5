package io.channelpulse.detect.sla;

import static io.channelpulse.detect.sla.SlaFixtures.CREATED_AT;
import static io.channelpulse.detect.sla.SlaFixtures.DEADLINE;
import static io.channelpulse.detect.sla.SlaFixtures.ORDER;
import static io.channelpulse.detect.sla.SlaFixtures.SLA;
import static io.channelpulse.detect.sla.SlaFixtures.created;
import static io.channelpulse.detect.sla.SlaFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ORDER_RESPONSE_SLA pattern and its process function, run in the same {@link CepOperator} that
 * {@code CEP.pattern(...).process(...)} builds, but in an operator harness so that each watermark
 * is explicit.
 */
class OrderResponseSlaRuleTest {

    private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderResponse> harness;

    @BeforeEach
    void setUp() throws Exception {
        OrderResponseSlaRule rule = new OrderResponseSlaRule(SLA);
        Pattern<OrderEvent, ?> pattern = rule.pattern();
        CepOperator<OrderEvent, String, OrderResponse> operator = new CepOperator<>(
                TypeInformation.of(OrderEvent.class).createSerializer(new ExecutionConfig().getSerializerConfig()),
                false,
                // as CEP.pattern(...).process(...) decides it: timeouts only reach a TimedOutPartialMatchHandler
                NFACompiler.compileFactory(pattern, rule.processFunction() instanceof TimedOutPartialMatchHandler),
                rule.comparator(),
                pattern.getAfterMatchSkipStrategy(),
                rule.processFunction(),
                null);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, OrderEvent::orderId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void answerExactlyAtTheDeadlineIsOnTime() throws Exception {
        push(created());
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, DEADLINE));

        watermark(DEADLINE);
        watermark(DEADLINE.plus(Duration.ofDays(3)));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(response -> {
            assertThat(response.orderId()).isEqualTo(ORDER);
            assertThat(response.channelId()).isEqualTo("ch-dealer");
            assertThat(response.createdAt()).isEqualTo(CREATED_AT);
            assertThat(response.respondedAt()).isEqualTo(DEADLINE);
            assertThat(response.responseSeconds()).isEqualTo(86_400L);
            assertThat(response.onTime()).isTrue();
        });
        assertThat(breaches()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void answerOneMillisecondAfterTheDeadlineBreaches() throws Exception {
        push(created());
        push(order("e-ack", OrderStatus.SHIPPED, DEADLINE.plusMillis(1)));

        watermark(DEADLINE.plus(Duration.ofDays(3)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(breaches()).singleElement().satisfies(breach -> {
            assertThat(breach.orderId()).isEqualTo(ORDER);
            assertThat(breach.createdEventId()).isEqualTo("e-created");
            assertThat(breach.createdAt()).isEqualTo(CREATED_AT);
            assertThat(breach.deadline()).isEqualTo(DEADLINE);
            assertThat(breach.partnerId()).isEqualTo("partner-1");
        });
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void cancellationBeforeTheDeadlineIsNeitherABreachNorAResponse() throws Exception {
        push(created());
        push(order("e-cancel", OrderStatus.CANCELLED, CREATED_AT.plus(Duration.ofHours(3))));

        watermark(DEADLINE.plus(Duration.ofDays(3)));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(breaches()).isEmpty();
    }

    @Test
    void onlyTheFirstAnswerCountsAsTheResponse() throws Exception {
        push(created());
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, CREATED_AT.plus(Duration.ofHours(2))));
        push(order("e-ship", OrderStatus.SHIPPED, CREATED_AT.plus(Duration.ofHours(5))));

        watermark(DEADLINE.plus(Duration.ofDays(1)));

        assertThat(harness.extractOutputValues()).extracting(OrderResponse::responseSeconds)
                .containsExactly(7_200L);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void outOfOrderArrivalBeforeTheWatermarkIsMatchedInEventTimeOrder() throws Exception {
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, CREATED_AT.plus(Duration.ofHours(1))));
        push(created());

        watermark(DEADLINE.plus(Duration.ofDays(1)));

        assertThat(harness.extractOutputValues()).extracting(OrderResponse::responseSeconds)
                .containsExactly(3_600L);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void breachIsReportedOnlyOnceTheWatermarkPassesTheDeadline() throws Exception {
        push(created());

        watermark(DEADLINE.minusMillis(1));
        assertThat(breaches()).isEmpty();

        watermark(DEADLINE);
        assertThat(breaches()).isEmpty(); // an answer stamped exactly at the deadline would still be on time

        watermark(DEADLINE.plusMillis(1));
        assertThat(breaches()).extracting(SlaBreach::deadline).containsExactly(DEADLINE);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void answerAfterATimeoutDoesNotAlsoProduceAnOnTimeResponse() throws Exception {
        push(created());
        watermark(DEADLINE.plus(Duration.ofHours(1)));
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, DEADLINE.plus(Duration.ofHours(2))));

        watermark(DEADLINE.plus(Duration.ofHours(3)));

        assertThat(breaches()).hasSize(1);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aClosedOrderLeavesNoStateWhenTheWatermarkPassesItsLastEvent() throws Exception {
        push(created());
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, CREATED_AT.plus(Duration.ofHours(2))));

        watermark(DEADLINE.plus(Duration.ofDays(1)));

        assertThat(harness.numKeyedStateEntries()).as("state left for the closed order").isZero();
    }

    @Test
    void anOrderCreatedAndAnsweredInTheSameMillisecondIsOnTimeWhicheverArrivesFirst() throws Exception {
        push(order("e-ack", OrderStatus.ACKNOWLEDGED, CREATED_AT));
        push(created());

        watermark(CREATED_AT.plusSeconds(30));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(response -> {
            assertThat(response.responseSeconds()).isZero();
            assertThat(response.onTime()).isTrue();
        });
        assertThat(harness.numKeyedStateEntries()).as("no partial match left waiting for the SLA").isZero();

        watermark(DEADLINE.plusSeconds(30));
        assertThat(breaches()).isEmpty();
    }

    @Test
    void answersInTheSameMillisecondCloseTheOrderInEventIdOrder() throws Exception {
        Instant at = CREATED_AT.plus(Duration.ofHours(1));
        push(order("e-2-cancel", OrderStatus.CANCELLED, at));
        push(order("e-1-ack", OrderStatus.ACKNOWLEDGED, at));
        push(created());

        watermark(DEADLINE.plusSeconds(1));

        // e-1-ack closes it (as SlaResolver breaks the tie), so it is an answer, not a cancellation
        assertThat(harness.extractOutputValues()).extracting(OrderResponse::responseSeconds).containsExactly(3_600L);
        assertThat(breaches()).isEmpty();
    }

    @Test
    void aBreachedOrderLeavesNoState() throws Exception {
        push(created());

        watermark(DEADLINE.plusMillis(1));

        assertThat(breaches()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).as("state left for the breached order").isZero();
    }

    /**
     * Orders created and answered (in the same millisecond or up to a minute later), arriving in
     * either order, with watermarks as the live gate makes them (newest minus the out-of-orderness
     * minus 1 ms) after random records. Each is on time; none leaves keyed state once the watermark
     * has passed it; CEP's window timer, one per order, is gone once the watermark passes its SLA.
     */
    @Test
    void ordersInAnyArrivalOrderLeaveNoStateOnceTheirSlaWindowsEnd() throws Exception {
        java.util.Random random = new java.util.Random(7);
        int orders = 2_000;
        long first = CREATED_AT.toEpochMilli();
        long newest = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < orders; i++) {
            Instant at = Instant.ofEpochMilli(first + (i / 3) * 30_000L);
            OrderEvent created = new OrderEvent("c-" + i, at, "O-" + i, "ch-dealer", "partner-1", OrderStatus.CREATED);
            OrderEvent answer = new OrderEvent("a-" + i, at.plusSeconds(30L * random.nextInt(3)), "O-" + i,
                    "ch-dealer", "partner-1", OrderStatus.ACKNOWLEDGED);
            if (random.nextBoolean()) {
                push(created);
                push(answer);
            } else {
                push(answer);
                push(created);
            }
            newest = Math.max(newest, answer.eventTime().toEpochMilli());
            if (newest - 120_001 > watermark && random.nextInt(3) == 0) {
                watermark = newest - 120_001;
                harness.processWatermark(new Watermark(watermark));
            }
        }

        harness.processWatermark(new Watermark(newest + 1));
        assertThat(harness.extractOutputValues()).hasSize(orders).allMatch(OrderResponse::onTime);
        assertThat(harness.numKeyedStateEntries()).as("keyed state left by closed orders").isZero();
        assertThat(harness.numEventTimeTimers()).as("CEP's window timers, until each order's SLA ends").isPositive();

        harness.processWatermark(new Watermark(newest + SLA.toMillis() + 1));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(breaches()).isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void push(OrderEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(event, event.eventTime().toEpochMilli()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(new Watermark(at.toEpochMilli()));
    }

    private List<SlaBreach> breaches() {
        var side = harness.getSideOutput(OrderResponseSlaRule.BREACHES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }
}
