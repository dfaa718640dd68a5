package io.channelpulse.serde;

import io.channelpulse.model.DeadLetter;

/**
 * What a deserialization schema produces: an event with its origin and raw payload (kept until the
 * event is admitted, so a late event can still be dead-lettered with both), or a dead letter. Keeping bad
 * records in the data stream (instead of throwing) means a poison record can never restart the job;
 * the first operator after the source routes dead letters to a side output.
 */
public record Parsed<T>(T event, RecordOrigin origin, String payload, DeadLetter deadLetter) {

    public static <T> Parsed<T> ok(T event, RecordOrigin origin, String payload) {
        return new Parsed<>(event, origin, payload, null);
    }

    public static <T> Parsed<T> bad(DeadLetter deadLetter) {
        return new Parsed<>(null, null, null, deadLetter);
    }

    public boolean isOk() {
        return event != null;
    }
}
