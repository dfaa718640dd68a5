package io.channelpulse.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.model.DeadLetter;
import java.time.Instant;

/**
 * Turns one raw payload into a {@link Parsed}: the event, or a dead letter that records the origin,
 * a reason naming the field, and the original payload. Shared by the replay file format and the
 * Kafka deserialization schema so both apply the same contract.
 */
final class EventDeserializer {

    private EventDeserializer() {}

    static <T> Parsed<T> parse(
            EventStream<T> stream, EventStream.FieldParser<T> parser, String payload, RecordOrigin origin) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            return Parsed.bad(origin.deadLetter(
                    DeadLetter.INVALID_JSON, null,
                    "not valid JSON: " + e.getOriginalMessage(), null, payload));
        }
        if (node == null || !node.isObject()) {
            return Parsed.bad(origin.deadLetter(
                    DeadLetter.INVALID_JSON, null,
                    "a " + stream.name() + " record must be a JSON object", null, payload));
        }
        try {
            return Parsed.ok(parser.parse(new Fields(node)), origin, payload);
        } catch (InvalidRecordException e) {
            return Parsed.bad(origin.deadLetter(
                    e.reason(), e.field(), e.getMessage(), bestEffortTime(node), payload));
        }
    }

    /** The event time of a bad record when it can be read, so dead letters sort sensibly. */
    private static Instant bestEffortTime(JsonNode node) {
        for (String field : new String[] {"eventTime", "effectiveFrom"}) {
            try {
                return new Fields(node).time(field);
            } catch (InvalidRecordException e) {
                // try the next one
            }
        }
        return null;
    }
}
