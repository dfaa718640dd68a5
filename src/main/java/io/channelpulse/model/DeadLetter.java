package io.channelpulse.model;

import java.time.Instant;

/**
 * A record the job could not use, with where it came from and why. Kafka records carry
 * topic/partition/offset, replay files carry file/line. {@code eventTime} is set when the record
 * parsed far enough to have one (always for {@code late}).
 */
public record DeadLetter(
        String stream,
        String topic,
        Integer partition,
        Long offset,
        String file,
        Long line,
        String reason,
        String field,
        String message,
        Instant eventTime,
        String payload) {

    /** Reason codes. {@code late} is the only one not about the record's content. */
    public static final String INVALID_JSON = "invalid-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String WRONG_TYPE = "wrong-type";
    public static final String CONSTRAINT = "constraint";
    public static final String LATE = "late";
}
