package io.channelpulse.detect.sla;

import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/** Named CEP conditions over order events. */
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
}
