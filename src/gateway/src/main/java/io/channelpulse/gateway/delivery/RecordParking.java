package io.channelpulse.gateway.delivery;

import io.channelpulse.model.Alert;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the dispatcher puts a record of the alerts topic that it cannot hand to any target: one it
 * cannot read ({@code unreadable}), an alert no route matches ({@code unrouted}), or one whose
 * routing failed ({@code internal}). Returning normally means the record is safely kept and its
 * offset may be committed; throwing means it is not, and the dispatcher reads it again later.
 */
@FunctionalInterface
public interface RecordParking {

    String UNREADABLE = "unreadable";
    String UNROUTED = "unrouted";
    String INTERNAL = "internal";

    /** @param alert the alert read from the record, or null when it could not be read */
    void park(ConsumerRecord<String, String> record, String reason, String detail, Alert alert);
}
