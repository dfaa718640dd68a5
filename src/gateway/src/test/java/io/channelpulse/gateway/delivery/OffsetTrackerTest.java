package io.channelpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets are committable only below the lowest alert still in delivery. */
class OffsetTrackerTest {

    static final TopicPartition TP = new TopicPartition("alerts", 0);

    @Test
    void commitStopsAtTheLowestPendingOffsetAndAdvancesWhenItFinishes() {
        OffsetTracker t = new OffsetTracker();
        t.started(TP, 10);
        t.started(TP, 11);
        t.started(TP, 12);
        t.finished(TP, 11);
        t.finished(TP, 12);
        assertThat(t.committable().get(TP).offset()).isEqualTo(10); // 10 still in flight: restart redelivers from it
        t.finished(TP, 10);
        assertThat(t.committable().get(TP).offset()).isEqualTo(13);
        assertThat(t.inFlight()).isZero();
    }

    @Test
    void revokedPartitionsAreForgotten() {
        OffsetTracker t = new OffsetTracker();
        t.started(TP, 5);
        t.revoked(java.util.List.of(TP));
        assertThat(t.committable()).isEmpty();
    }
}
