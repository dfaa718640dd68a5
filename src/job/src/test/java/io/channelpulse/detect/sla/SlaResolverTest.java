package io.channelpulse.detect.sla;

import static io.channelpulse.detect.sla.SlaFixtures.CREATED_AT;
import static io.channelpulse.detect.sla.SlaFixtures.DEADLINE;
import static io.channelpulse.detect.sla.SlaFixtures.ORDER;
import static io.channelpulse.detect.sla.SlaFixtures.breach;
import static io.channelpulse.detect.sla.SlaFixtures.created;
import static io.channelpulse.detect.sla.SlaFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FIRING on a CEP breach, RESOLVED by the earliest later answer or cancellation, in event time. */
class SlaResolverTest {

    static final Duration RESOLVE_HORIZON = Duration.ofDays(7);

    private KeyedTwoInputStreamOperatorTestHarness<String, SlaBreach, OrderEvent, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new SlaResolver(RESOLVE_HORIZON), SlaBreach::orderId, OrderEvent::orderId, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void breachFiresAtOnceWithTheDeadlineAsEventTime() throws Exception {
        pushBreach(breach());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo(Rule.ORDER_RESPONSE_SLA);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.WARNING);
            assertThat(alert.eventTime()).isEqualTo(DEADLINE);
            assertThat(alert.orderId()).isEqualTo(ORDER);
            assertThat(alert.partnerId()).isEqualTo("partner-1");
            assertThat(alert.details().createdAt()).isEqualTo(CREATED_AT);
            assertThat(alert.details().deadline()).isEqualTo(DEADLINE);
            assertThat(alert.details().respondedAt()).isNull();
            assertThat(alert.evidence()).containsExactly("e-created");
        });
    }

    @Test
    void laterAnswerResolvesUnderTheSameAlertIdOnceTheWatermarkReachesIt() throws Exception {
        pushBreach(breach());
        Instant answeredAt = DEADLINE.plus(Duration.ofHours(2));
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, answeredAt));

        watermark(answeredAt.minusMillis(1));
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);

        watermark(answeredAt);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        Alert resolved = alerts.get(1);
        assertThat(resolved.alertId()).isEqualTo(alerts.get(0).alertId());
        assertThat(resolved.eventTime()).isEqualTo(answeredAt);
        assertThat(resolved.details().respondedAt()).isEqualTo(answeredAt);
        assertThat(resolved.details().responseSeconds()).isEqualTo(26 * 3600L);
        assertThat(resolved.details().resolution()).isEqualTo("ACKNOWLEDGED");
        assertThat(resolved.evidence()).containsExactly("e-created", "e-ack");

        assertThat(lateResponses()).singleElement().satisfies(response -> {
            assertThat(response.orderId()).isEqualTo(ORDER);
            assertThat(response.createdAt()).isEqualTo(CREATED_AT);
            assertThat(response.respondedAt()).isEqualTo(answeredAt);
            assertThat(response.responseSeconds()).isEqualTo(26 * 3600L);
            assertThat(response.onTime()).isFalse();
        });
        assertThat(harness.numKeyedStateEntries()).isZero();

        watermark(DEADLINE.plus(RESOLVE_HORIZON));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void answerArrivingBeforeItsBreachStillResolvesIt() throws Exception {
        Instant answeredAt = DEADLINE.plus(Duration.ofHours(2));
        pushOrder(order("e-ack", OrderStatus.DELIVERED, answeredAt));
        watermark(DEADLINE.plusMillis(1));
        pushBreach(breach()); // CEP emits it when the watermark passes the deadline

        watermark(answeredAt);

        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(harness.extractOutputValues().get(1).details().resolution()).isEqualTo("DELIVERED");
    }

    @Test
    void answersArrivingOutOfOrderAreDecidedByTheEarliestEventTime() throws Exception {
        pushBreach(breach());
        Instant first = DEADLINE.plus(Duration.ofHours(1));
        Instant second = DEADLINE.plus(Duration.ofHours(5));
        pushOrder(order("e-ship", OrderStatus.SHIPPED, second));
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, first));

        watermark(second.plus(Duration.ofHours(1)));

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts.get(1).details().respondedAt()).isEqualTo(first);
        assertThat(alerts.get(1).details().resolution()).isEqualTo("ACKNOWLEDGED");
        assertThat(lateResponses()).extracting(OrderResponse::respondedAt).containsExactly(first);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void answersAtTheSameInstantAreDecidedByEventId() throws Exception {
        pushBreach(breach());
        Instant at = DEADLINE.plus(Duration.ofHours(1));
        pushOrder(order("e-b", OrderStatus.SHIPPED, at));
        pushOrder(order("e-a", OrderStatus.ACKNOWLEDGED, at));

        watermark(at);

        assertThat(harness.extractOutputValues().get(1).evidence()).containsExactly("e-created", "e-a");
    }

    @Test
    void cancellationAfterTheDeadlineResolvesAsCancelledWithoutAResponse() throws Exception {
        pushBreach(breach());
        Instant cancelledAt = DEADLINE.plus(Duration.ofHours(3));
        pushOrder(order("e-cancel", OrderStatus.CANCELLED, cancelledAt));

        watermark(cancelledAt);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        Alert resolved = alerts.get(1);
        assertThat(resolved.alertId()).isEqualTo(alerts.get(0).alertId());
        assertThat(resolved.details().resolution()).isEqualTo("CANCELLED");
        assertThat(resolved.details().responseSeconds()).isNull();
        assertThat(resolved.details().respondedAt()).isEqualTo(cancelledAt);
        assertThat(lateResponses()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void earlierCancellationBeatsALaterAnswer() throws Exception {
        pushBreach(breach());
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, DEADLINE.plus(Duration.ofHours(4))));
        pushOrder(order("e-cancel", OrderStatus.CANCELLED, DEADLINE.plus(Duration.ofHours(1))));

        watermark(DEADLINE.plus(Duration.ofHours(5)));

        assertThat(harness.extractOutputValues()).extracting(a -> a.details().resolution())
                .containsExactly(null, "CANCELLED");
        assertThat(lateResponses()).isEmpty();
    }

    @Test
    void duplicateBreachIsIgnored() throws Exception {
        pushBreach(breach());
        pushBreach(breach());

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void nonClosingOrderEventsAreIgnored() throws Exception {
        pushBreach(breach());
        pushOrder(order("e-created-again", OrderStatus.CREATED, DEADLINE.plus(Duration.ofHours(1))));

        watermark(DEADLINE.plus(Duration.ofHours(2)));

        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // only the resolve horizon
    }

    @Test
    void onTimeAnswerWithoutABreachLeavesNothingBehind() throws Exception {
        Instant at = CREATED_AT.plus(Duration.ofHours(1));
        pushOrder(created());
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, at));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        watermark(at);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(lateResponses()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void breachNeverAnsweredIsForgottenAfterTheResolveHorizon() throws Exception {
        pushBreach(breach());

        watermark(DEADLINE.plus(RESOLVE_HORIZON).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        watermark(DEADLINE.plus(RESOLVE_HORIZON));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);

        Instant tooLate = DEADLINE.plus(RESOLVE_HORIZON).plusSeconds(60);
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, tooLate));
        watermark(tooLate);
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
        assertThat(lateResponses()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void answerExactlyAtTheResolveHorizonStillResolves() throws Exception {
        pushBreach(breach());
        Instant at = DEADLINE.plus(RESOLVE_HORIZON);
        pushOrder(order("e-ack", OrderStatus.ACKNOWLEDGED, at));

        watermark(at);

        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void pushBreach(SlaBreach breach) throws Exception {
        harness.processElement1(breach, breach.deadline().toEpochMilli());
    }

    private void pushOrder(OrderEvent event) throws Exception {
        harness.processElement2(event, event.eventTime().toEpochMilli());
    }

    private void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
    }

    private List<OrderResponse> lateResponses() {
        var side = harness.getSideOutput(SlaResolver.LATE_RESPONSES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void resolvingABreachLeavesNoStateAndNoTimerBehind() throws Exception {
        harness.processElement1(breach(), DEADLINE.toEpochMilli());
        Instant answeredAt = DEADLINE.plus(Duration.ofHours(2));
        harness.processElement2(order("e-ack", OrderStatus.ACKNOWLEDGED, answeredAt), answeredAt.toEpochMilli());
        harness.processBothWatermarks(new Watermark(answeredAt.toEpochMilli()));

        assertThat(harness.extractOutputValues()).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
