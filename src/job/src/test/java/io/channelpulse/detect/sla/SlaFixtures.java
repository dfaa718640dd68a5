package io.channelpulse.detect.sla;

import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import java.time.Duration;
import java.time.Instant;

/** Fixed-clock order events for one order with a 24 h response SLA. */
final class SlaFixtures {

    static final Instant BEGINNING = Instant.parse("2026-11-29T08:00:00Z");
    static final Duration SLA = Duration.ofHours(24);
    static final String ORDER = "ORD-1";
    static final Instant CREATED_AT = BEGINNING;
    static final Instant DEADLINE = CREATED_AT.plus(SLA);

    private SlaFixtures() {}

    static OrderEvent order(String eventId, OrderStatus status, Instant at) {
        return new OrderEvent(eventId, at, ORDER, "ch-dealer", "partner-1", status);
    }

    static OrderEvent created() {
        return order("e-created", OrderStatus.CREATED, CREATED_AT);
    }

    static SlaBreach breach() {
        return new SlaBreach(ORDER, "ch-dealer", "partner-1", "e-created", CREATED_AT, DEADLINE);
    }
}
