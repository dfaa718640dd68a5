package io.channelpulse.detect.sla;

import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import java.util.Comparator;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/** Named CEP conditions over order events, and the order of events with the same timestamp. */
final class OrderConditions {

    private OrderConditions() {}

    /** The order was created: the SLA clock starts. */
    static final class Created extends SimpleCondition<OrderEvent> {
        @Override
        public boolean filter(OrderEvent event) {
            return event.status() == OrderStatus.CREATED;
        }
    }

    /** The order was answered (ACKNOWLEDGED, SHIPPED, DELIVERED) or cancelled: the SLA clock stops. */
    static final class AnsweredOrCancelled extends SimpleCondition<OrderEvent> {
        @Override
        public boolean filter(OrderEvent event) {
            return event.status().isAnswer() || event.status() == OrderStatus.CANCELLED;
        }
    }

    /**
     * Orders events that share a timestamp: CREATED first, then by eventId. CEP otherwise takes
     * them in arrival order, and live that order is not fixed (two events of one order can reach
     * the CEP operator through different admission subtasks). An order created and answered in
     * the same millisecond whose answer arrived first was then never matched: CEP opened a partial
     * match on the CREATED that came second, kept it for the SLA and reported a breach. The
     * eventId tie-break among answers is the one {@link SlaResolver} uses for the earliest close.
     */
    static final class SameInstant implements EventComparator<OrderEvent> {
        private static final Comparator<OrderEvent> ORDER = Comparator
                .comparing((OrderEvent e) -> e.status() != OrderStatus.CREATED)
                .thenComparing(OrderEvent::eventId);

        @Override
        public int compare(OrderEvent a, OrderEvent b) {
            return ORDER.compare(a, b);
        }
    }
}
