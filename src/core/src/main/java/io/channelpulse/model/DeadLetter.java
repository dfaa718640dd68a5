package io.channelpulse.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A record the job could not use, with where it came from and why. Kafka records carry
 * topic/partition/offset, replay files carry file/line. {@code eventTime} is set when the record
 * parsed far enough to have one (always for {@code late}).
 *
 * <p>The payload is kept up to a bounded size ({@link #bounded}); a longer one is cut at a UTF-8
 * character boundary and {@code payloadBytes} and {@code payloadSha256} describe the original, so a
 * few hundred KB of garbage can never become a dead letter over Kafka's message size limit.
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
        String payload,
        Long payloadBytes,
        String payloadSha256) {

    /** Reason codes. {@code late} and {@code future} are about time, {@code internal} about the job. */
    public static final String INVALID_JSON = "invalid-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String WRONG_TYPE = "wrong-type";
    public static final String CONSTRAINT = "constraint";
    public static final String OUT_OF_RANGE = "out-of-range";
    public static final String FUTURE = "future";
    public static final String LATE = "late";
    /** A channel cost booked at or after its period's close instant (the month's end plus economics.close-grace). */
    public static final String PERIOD_CLOSED = "period-closed";
    public static final String INTERNAL = "internal";

    /** Longest message kept; messages quote the record only in short excerpts, so this is a safety net. */
    static final int MAX_MESSAGE_LENGTH = 1_024;

    public DeadLetter(
            String stream, String topic, Integer partition, Long offset, String file, Long line,
            String reason, String field, String message, Instant eventTime, String payload) {
        this(stream, topic, partition, offset, file, line, reason, field, message, eventTime, payload, null, null);
    }

    /** Whether the payload was cut to fit; {@code payloadBytes} and {@code payloadSha256} then describe the original. */
    public boolean truncated() {
        return payloadSha256 != null;
    }

    /** This dead letter with its payload cut to at most {@code maxPayloadBytes} UTF-8 bytes. Idempotent. */
    public DeadLetter bounded(int maxPayloadBytes) {
        String boundedMessage = message != null && message.length() > MAX_MESSAGE_LENGTH
                ? message.substring(0, MAX_MESSAGE_LENGTH) + "…"
                : message;
        if (payload == null || truncated() || payload.length() <= maxPayloadBytes / 3) {
            return boundedMessage == message ? this : withPayload(boundedMessage, payload, payloadBytes, payloadSha256);
        }
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxPayloadBytes) {
            return boundedMessage == message ? this : withPayload(boundedMessage, payload, payloadBytes, payloadSha256);
        }
        return withPayload(boundedMessage, utf8Prefix(payload, maxPayloadBytes), (long) bytes.length, sha256(bytes));
    }

    private DeadLetter withPayload(String newMessage, String newPayload, Long bytes, String sha) {
        return new DeadLetter(stream, topic, partition, offset, file, line, reason, field, newMessage,
                eventTime, newPayload, bytes, sha);
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits in {@code maxBytes}, never splitting a character. */
    static String utf8Prefix(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
                width = 3; // a lone surrogate is encoded as '?' replacement; count it conservatively
            }
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
