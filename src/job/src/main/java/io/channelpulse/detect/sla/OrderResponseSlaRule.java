package io.channelpulse.detect.sla;

import io.channelpulse.model.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * ORDER_RESPONSE_SLA as a CEP rule: CREATED followed by the first answer or cancellation, within
 * the SLA. A complete match is an order closed in time; a partial match that times out (only when
 * the watermark passes the deadline) is a breach. CEP's window is exclusive at its end, so the
 * pattern's window is SLA + 1 ms: an answer exactly at the deadline is on time. Events with the
 * same timestamp are taken CREATED first ({@link #comparator()}), whatever order they arrive in.
 *
 * <p>Orders are keyed by orderId. Completed and timed-out partial matches leave no state behind.
 */
public final class OrderResponseSlaRule {

    public static final String UID = "order-response-sla-cep";
    public static final String NAME = "ORDER_RESPONSE_SLA (CEP)";

    /** Breaches leave the CEP operator here; only the watermark passing the deadline puts them here. */
    public static final OutputTag<SlaBreach> BREACHES =
            new OutputTag<>("sla-breaches", TypeInformation.of(SlaBreach.class));

    private final Duration sla;

    public OrderResponseSlaRule(Duration sla) {
        this.sla = sla;
    }

    public Pattern<OrderEvent, ?> pattern() {
        return Pattern.<OrderEvent>begin("created", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new OrderConditions.Created())
                .followedBy("closed")
                .where(new OrderConditions.AnsweredOrCancelled())
                .within(sla.plusMillis(1));
    }

    /** How CEP orders events with the same timestamp: CREATED first, then by eventId. */
    public EventComparator<OrderEvent> comparator() {
        return new OrderConditions.SameInstant();
    }

    public Matcher processFunction() {
        return new Matcher(sla);
    }

    /** Turns matches into on-time responses and timed-out partial matches into breaches. */
    public static final class Matcher extends PatternProcessFunction<OrderEvent, OrderResponse>
            implements TimedOutPartialMatchHandler<OrderEvent> {

        private final Duration sla;

        Matcher(Duration sla) {
            this.sla = sla;
        }

        @Override
        public void processMatch(
                Map<String, List<OrderEvent>> match, Context ctx, Collector<OrderResponse> out) {
            OrderEvent created = match.get("created").get(0);
            OrderEvent closed = match.get("closed").get(0);
            if (closed.status().isAnswer()) {
                out.collect(new OrderResponse(
                        created.orderId(), created.channelId(), created.eventTime(),
                        closed.eventTime(),
                        Duration.between(created.eventTime(), closed.eventTime()).toSeconds(),
                        true));
            }
        }

        @Override
        public void processTimedOutMatch(Map<String, List<OrderEvent>> match, Context ctx) {
            OrderEvent created = match.get("created").get(0);
            Instant deadline = created.eventTime().plus(sla);
            ctx.output(BREACHES, new SlaBreach(
                    created.orderId(), created.channelId(), created.partnerId(),
                    created.eventId(), created.eventTime(), deadline));
        }
    }
}
