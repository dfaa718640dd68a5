package io.channelpulse.detect.sla;

import io.channelpulse.model.AlertIds;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns CEP breaches into ORDER_RESPONSE_SLA alerts and resolves them when the late answer comes,
 * keyed by orderId. A breach fires at once (its eventTime is the deadline). Answers and cancellations
 * wait for the watermark so the earliest one by event time decides, whatever order they arrive in;
 * a breach for an order always arrives before the watermark passes any answer later than its
 * deadline, because CEP emits it when the watermark passes the deadline.
 *
 * <p>A late answer resolves with the response time; a cancellation after the deadline resolves
 * with resolution CANCELLED. A breach no one answers is forgotten after the resolve horizon.
 */
public final class SlaResolver extends KeyedCoProcessFunction<String, SlaBreach, OrderEvent, Alert> {

    public static final String UID = "order-response-sla-resolver";
    public static final String NAME = "ORDER_RESPONSE_SLA alerts";

    /** Answers that came after the deadline, for the response-time KPIs. */
    public static final OutputTag<OrderResponse> LATE_RESPONSES =
            new OutputTag<>("late-responses", TypeInformation.of(OrderResponse.class));

    private final long resolveHorizonMillis;

    private transient ValueState<Alert> firing;
    private transient ValueState<OrderEvent> earliestClose;

    public SlaResolver(Duration resolveHorizon) {
        this.resolveHorizonMillis = resolveHorizon.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        firing = getRuntimeContext().getState(
                new ValueStateDescriptor<>("firing", Types.POJO(Alert.class)));
        earliestClose = getRuntimeContext().getState(
                new ValueStateDescriptor<>("earliest-close", Types.POJO(OrderEvent.class)));
    }

    @Override
    public void processElement1(SlaBreach breach, Context ctx, Collector<Alert> out) throws Exception {
        if (firing.value() != null) {
            return; // a second CREATED for the same order
        }
        Alert alert = firing(breach);
        firing.update(alert);
        out.collect(alert);
        ctx.timerService().registerEventTimeTimer(breach.deadline().toEpochMilli() + resolveHorizonMillis);
    }

    @Override
    public void processElement2(OrderEvent event, Context ctx, Collector<Alert> out) throws Exception {
        if (!event.status().isAnswer() && event.status() != io.channelpulse.model.OrderStatus.CANCELLED) {
            return;
        }
        OrderEvent earliest = earliestClose.value();
        if (earliest == null || isBefore(event, earliest)) {
            earliestClose.update(event);
        }
        ctx.timerService().registerEventTimeTimer(event.eventTime().toEpochMilli());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert alert = firing.value();
        OrderEvent close = earliestClose.value();
        if (close != null && close.eventTime().toEpochMilli() <= timestamp) {
            earliestClose.clear();
            if (alert != null && close.eventTime().isAfter(alert.details().deadline())) {
                out.collect(resolved(alert, close));
                if (close.status().isAnswer()) {
                    ctx.output(LATE_RESPONSES, new OrderResponse(
                            alert.orderId(), alert.channelId(), alert.details().createdAt(),
                            close.eventTime(), responseSeconds(alert, close), false));
                }
                firing.clear();
                ctx.timerService().deleteEventTimeTimer(
                        alert.details().deadline().toEpochMilli() + resolveHorizonMillis);
                return;
            }
        }
        if (alert != null
                && timestamp >= alert.details().deadline().toEpochMilli() + resolveHorizonMillis) {
            firing.clear();
        }
    }

    private static boolean isBefore(OrderEvent a, OrderEvent b) {
        int byTime = a.eventTime().compareTo(b.eventTime());
        return byTime < 0 || (byTime == 0 && a.eventId().compareTo(b.eventId()) < 0);
    }

    private static long responseSeconds(Alert alert, OrderEvent close) {
        return Duration.between(alert.details().createdAt(), close.eventTime()).toSeconds();
    }

    static Alert firing(SlaBreach breach) {
        return new Alert(
                AlertIds.of(Rule.ORDER_RESPONSE_SLA, breach.orderId(), breach.createdEventId()),
                Rule.ORDER_RESPONSE_SLA,
                AlertStatus.FIRING,
                Severity.WARNING,
                breach.deadline(),
                null,
                breach.channelId(),
                null, // channelType: filled by AlertChannelType
                breach.partnerId(),
                null,
                null,
                null,
                breach.orderId(),
                null,
                String.format("Order %s (channel %s, partner %s) not answered by its deadline %s",
                        breach.orderId(), breach.channelId(), breach.partnerId(), breach.deadline()),
                AlertDetails.sla(breach.createdAt(), breach.deadline(), null, null, null),
                List.of(breach.createdEventId()));
    }

    static Alert resolved(Alert firing, OrderEvent close) {
        boolean answered = close.status().isAnswer();
        Instant created = firing.details().createdAt();
        Long seconds = answered ? Duration.between(created, close.eventTime()).toSeconds() : null;
        String summary = answered
                ? String.format("Order %s answered (%s) at %s, %s after its deadline",
                        firing.orderId(), close.status(), close.eventTime(),
                        Duration.between(firing.details().deadline(), close.eventTime()))
                : String.format("Order %s cancelled at %s, after its deadline",
                        firing.orderId(), close.eventTime());
        return new Alert(
                firing.alertId(),
                Rule.ORDER_RESPONSE_SLA,
                AlertStatus.RESOLVED,
                firing.severity(),
                close.eventTime(),
                null,
                firing.channelId(),
                null, // channelType: filled by AlertChannelType
                firing.partnerId(),
                null,
                null,
                null,
                firing.orderId(),
                null,
                summary,
                AlertDetails.sla(
                        created, firing.details().deadline(), close.eventTime(), seconds,
                        answered ? close.status().name() : "CANCELLED"),
                List.of(firing.evidence().get(0), close.eventId()));
    }
}
