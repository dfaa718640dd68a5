package io.channelpulse.serde;

import io.channelpulse.config.InputBounds;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.channelpulse.model.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Turns one raw payload into a {@link Parsed}: the event, or a dead letter that records the origin,
 * a reason naming the field, and the original payload (bounded in size). The payload is read in
 * one streaming pass into {@link Fields}, never into a JSON tree. Shared by the replay file
 * format and the Kafka deserialization schema so both apply the same contract. Never throws: an
 * unexpected exception while parsing is a dead letter with reason {@code internal}.
 */
final class EventDeserializer {

    private EventDeserializer() {}

    static <T> Parsed<T> parse(
            EventStream<T> stream,
            EventStream.FieldParser<T> parser,
            String payload,
            RecordOrigin origin,
            InputBounds bounds,
            Instant notAfter) {
        try {
            return parseOrReject(stream, parser, payload, origin, bounds, notAfter);
        } catch (RuntimeException | StackOverflowError e) {
            return Parsed.bad(origin.deadLetter(
                    DeadLetter.INTERNAL, null,
                    "internal error while parsing: " + e.getClass().getName(), null, payload)
                    .bounded(bounds.maxDeadLetterPayload()));
        }
    }

    private static <T> Parsed<T> parseOrReject(
            EventStream<T> stream,
            EventStream.FieldParser<T> parser,
            String payload,
            RecordOrigin origin,
            InputBounds bounds,
            Instant notAfter) {
        Fields fields;
        try (JsonParser p = Json.mapper().createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                fields = Fields.read(p, stream.fieldNames(), bounds);
            } else {
                fields = null;
                Fields.skipValue(p, first); // still read to its end: `[1] [` is invalid JSON, not a non-object
            }
            JsonToken trailing = first == null ? null : p.nextToken();
            if (trailing != null) {
                return bad(origin, bounds, DeadLetter.INVALID_JSON, null,
                        "not valid JSON: " + trailingTokenMessage(trailing), null, payload);
            }
        } catch (JsonProcessingException e) {
            return bad(origin, bounds, DeadLetter.INVALID_JSON, null,
                    "not valid JSON: " + e.getOriginalMessage(), null, payload);
        } catch (NumberFormatException e) {
            // Valid JSON syntax, but no BigDecimal can hold it (an exponent beyond an int, such as
            // 1e9999999999); Jackson throws this unwrapped while reading floats as BigDecimal.
            return bad(origin, bounds, DeadLetter.INVALID_JSON, null,
                    "not valid JSON: a number cannot be represented: " + e.getMessage(), null, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source cannot fail to read
        }
        if (fields == null) {
            return bad(origin, bounds, DeadLetter.INVALID_JSON, null,
                    "a " + stream.name() + " record must be a JSON object", null, payload);
        }
        T event;
        try {
            event = parser.parse(fields);
        } catch (InvalidRecordException e) {
            return bad(origin, bounds, e.reason(), e.field(), e.getMessage(), bestEffortTime(fields), payload);
        }
        Instant time = stream.timeOf().apply(event);
        if (time != null && notAfter != null && time.isAfter(notAfter)) {
            return bad(origin, bounds, DeadLetter.FUTURE, "eventTime",
                    "future: eventTime " + time + " is more than input.max-future-skew ("
                            + bounds.maxFutureSkew() + ") ahead of the wall clock",
                    time, payload);
        }
        return Parsed.ok(event, origin, payload);
    }

    private static <T> Parsed<T> bad(
            RecordOrigin origin, InputBounds bounds, String reason, String field, String message,
            Instant eventTime, String payload) {
        return Parsed.bad(origin.deadLetter(reason, field, message, eventTime, payload)
                .bounded(bounds.maxDeadLetterPayload()));
    }

    /**
     * What {@code ObjectMapper.readTree} said about a second value after the first
     * ({@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}), word for word, so dead letters read
     * as they did when records were parsed into a tree.
     */
    private static String trailingTokenMessage(JsonToken trailing) {
        return "Trailing token (of type " + trailing + ") found after value (bound as"
                + " `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
                + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`";
    }

    /** The event time of a bad record when it can be read (and is in range), so dead letters sort sensibly. */
    private static Instant bestEffortTime(Fields fields) {
        for (String field : new String[] {"eventTime", "effectiveFrom"}) {
            try {
                return fields.time(field);
            } catch (InvalidRecordException e) {
                // try the next one
            }
        }
        return null;
    }
}
