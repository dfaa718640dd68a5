package io.channelpulse.job;

import io.channelpulse.model.DeadLetter;
import org.apache.flink.api.common.functions.MapFunction;

/** Cuts every dead letter's payload to the configured size just before the sink (idempotent). */
final class BoundDeadLetters implements MapFunction<DeadLetter, DeadLetter> {

    private final int maxPayloadBytes;

    BoundDeadLetters(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        return deadLetter.bounded(maxPayloadBytes);
    }
}
