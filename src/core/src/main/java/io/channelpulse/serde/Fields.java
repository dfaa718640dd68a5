package io.channelpulse.serde;

import io.channelpulse.config.InputBounds;
import static io.channelpulse.model.DeadLetter.CONSTRAINT;
import static io.channelpulse.model.DeadLetter.MISSING_FIELD;
import static io.channelpulse.model.DeadLetter.OUT_OF_RANGE;
import static io.channelpulse.model.DeadLetter.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed, strict access to the fields of one JSON object. Every failure is an {@link
 * InvalidRecordException} that names the field, so a dead letter tells the sender exactly what to
 * fix. A field that is present with JSON {@code null} counts as missing.
 *
 * <p>Every value is bounded here ({@link InputBounds}), before any arithmetic touches it: JSON
 * allows {@code 1e999999999}, and an unbounded BigDecimal or Instant would throw (or compute for
 * minutes) deep inside an operator instead of becoming a dead letter.
 */
final class Fields {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern ENUM_NAME = Pattern.compile("[A-Za-z_]{1,64}");
    static final String DEFAULT_CURRENCY = "CNY";
    /** Longest id or name accepted; keys and labels built from longer ones would bloat state and output. */
    static final int MAX_TEXT_LENGTH = 256;
    /** Most elements of an array field (authorized regions). */
    static final int MAX_ARRAY_SIZE = 1_000;

    private final JsonNode node;
    private final InputBounds bounds;

    Fields(JsonNode node, InputBounds bounds) {
        this.node = node;
        this.bounds = bounds;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private JsonNode required(String field) throws InvalidRecordException {
        JsonNode value = present(field);
        if (value == null) {
            throw new InvalidRecordException(
                    MISSING_FIELD, field, "missing required field '" + field + "'");
        }
        return value;
    }

    String text(String field) throws InvalidRecordException {
        return textValue(field, required(field));
    }

    String optionalText(String field) throws InvalidRecordException {
        JsonNode value = present(field);
        return value == null ? null : textValue(field, value);
    }

    private static String textValue(String field, JsonNode value) throws InvalidRecordException {
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must not be blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be at most " + MAX_TEXT_LENGTH + " characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidRecordException(
                        CONSTRAINT, field,
                        "field '" + field + "' must not contain control characters (U+"
                                + String.format("%04X", (int) c) + " at index " + i + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a valid pair: one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                // Not Unicode: UTF-8 cannot encode it, so files, Kafka keys and values would each mangle it differently.
                throw new InvalidRecordException(
                        CONSTRAINT, field,
                        "field '" + field + "' must not contain a lone surrogate (U+"
                                + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
        return text;
    }

    /**
     * ISO-8601 with an offset ({@code Z} or {@code +08:00}), or integral epoch milliseconds, within
     * [{@code input.earliest-event-time}, {@code input.latest-event-time}).
     */
    Instant time(String field) throws InvalidRecordException {
        Instant time = unboundedTime(field);
        if (time.isBefore(bounds.earliestEventTime()) || !time.isBefore(bounds.latestEventTime())) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be at or after " + bounds.earliestEventTime()
                            + " and before " + bounds.latestEventTime() + " (input.earliest-event-time,"
                            + " input.latest-event-time), got " + time);
        }
        return time;
    }

    private Instant unboundedTime(String field) throws InvalidRecordException {
        JsonNode value = required(field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual() && value.textValue().length() <= 64) {
            try {
                return OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw wrongType(
                field, "an ISO-8601 timestamp with offset or epoch milliseconds", value);
    }

    /** A strictly positive integer, at most {@code input.max-quantity}. */
    int positiveInt(String field) throws InvalidRecordException {
        long value = integer(field, required(field));
        if (value <= 0) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must be an integer > 0, got " + value);
        }
        return (int) atMostMaxQuantity(field, value);
    }

    /** A non-negative integer, at most {@code input.max-quantity}. */
    long nonNegativeLong(String field) throws InvalidRecordException {
        long value = integer(field, required(field));
        if (value < 0) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must be an integer >= 0, got " + value);
        }
        return atMostMaxQuantity(field, value);
    }

    private long atMostMaxQuantity(String field, long value) throws InvalidRecordException {
        if (value > bounds.maxQuantity()) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be at most " + bounds.maxQuantity()
                            + " (input.max-quantity), got " + value);
        }
        return value;
    }

    private long integer(String field, JsonNode value) throws InvalidRecordException {
        if (value.isIntegralNumber() && !value.canConvertToLong()) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be between 0 and " + bounds.maxQuantity()
                            + " (input.max-quantity), got " + describe(value));
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    /**
     * A strictly positive amount of money per unit, exact, with at most {@code input.money-scale}
     * decimal places and at most {@code input.max-unit-price}. Scale and magnitude are checked on
     * the BigDecimal's representation first: comparing or printing {@code 1e999999999} in plain
     * form would need a billion digits.
     */
    BigDecimal positiveMoney(String field) throws InvalidRecordException {
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw wrongType(field, "a JSON number", value);
        }
        BigDecimal amount = withinScale(field, value.decimalValue());
        if (amount.signum() <= 0) {
            throw new InvalidRecordException(
                    CONSTRAINT,
                    field,
                    "field '" + field + "' must be > 0, got " + amount);
        }
        long integerDigits = (long) amount.precision() - amount.scale();
        if (integerDigits > MAX_INTEGER_DIGITS || amount.compareTo(bounds.maxUnitPrice()) > 0) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be at most " + bounds.maxUnitPrice().toPlainString()
                            + " (input.max-unit-price), got " + amount);
        }
        return amount;
    }

    /** Digits before the point that the configured maximum can never exceed (it is below 10^15). */
    private static final long MAX_INTEGER_DIGITS = 15;

    /** Trailing zeros beyond the allowed scale are dropped (100.000000 is 100.0000); other digits are refused. */
    private BigDecimal withinScale(String field, BigDecimal amount) throws InvalidRecordException {
        int scale = bounds.moneyScale();
        if (amount.scale() <= scale) {
            return amount;
        }
        if (amount.scale() <= 64) {
            BigDecimal stripped = amount.stripTrailingZeros();
            if (stripped.scale() <= scale) {
                return amount.setScale(Math.max(stripped.scale(), Math.min(amount.scale(), scale)));
            }
        }
        throw new InvalidRecordException(
                OUT_OF_RANGE, field,
                "field '" + field + "' must have at most " + scale
                        + " decimal places (input.money-scale), got " + amount);
    }

    /** ISO 4217 style code, defaulting to CNY. */
    String currency(String field) throws InvalidRecordException {
        String code = optionalText(field);
        if (code == null) {
            return DEFAULT_CURRENCY;
        }
        if (!CURRENCY.matcher(code).matches()) {
            throw new InvalidRecordException(
                    CONSTRAINT,
                    field,
                    "field '" + field + "' must be a 3-letter upper-case currency code, got '" + code + "'");
        }
        return code;
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) throws InvalidRecordException {
        return enumValue(field, type, required(field));
    }

    <E extends Enum<E>> E optionalEnum(String field, Class<E> type) throws InvalidRecordException {
        JsonNode value = present(field);
        return value == null ? null : enumValue(field, type, value);
    }

    private static <E extends Enum<E>> E enumValue(String field, Class<E> type, JsonNode value)
            throws InvalidRecordException {
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        // Only ASCII letters and underscores, with surrounding blanks ignored: trim() would also
        // strip control characters, and case mapping would turn a long s (ſ) into S.
        String name = value.textValue().strip();
        try {
            if (!ENUM_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(name);
            }
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(
                    CONSTRAINT,
                    field,
                    "field '" + field + "' must be one of " + Arrays.toString(type.getEnumConstants())
                            + ", got '" + value.textValue() + "'");
        }
    }

    List<String> textArray(String field) throws InvalidRecordException {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings", value);
        }
        if (value.size() > MAX_ARRAY_SIZE) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must have at most " + MAX_ARRAY_SIZE + " elements, got " + value.size());
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual() || element.textValue().isBlank()) {
                throw wrongType(field, "an array of non-blank strings", value);
            }
            out.add(textValue(field, element));
        }
        return out;
    }

    private static InvalidRecordException wrongType(String field, String expected, JsonNode got) {
        return new InvalidRecordException(
                WRONG_TYPE,
                field,
                "field '" + field + "' must be " + expected + ", got " + describe(got));
    }

    /** A short, safe description: never prints a huge number in plain form or a whole huge string. */
    private static String describe(JsonNode value) {
        String text;
        if (value.isNumber()) {
            text = String.valueOf(value.numberValue()); // BigDecimal.toString: scientific for huge exponents
        } else if (value.isTextual()) {
            String t = value.textValue();
            text = "\"" + (t.length() > 40 ? t.substring(0, 40) : t) + "\"";
        } else if (value.isContainerNode()) {
            text = value.isArray() ? "[…] (" + value.size() + " elements)" : "{…}";
        } else {
            text = value.toString();
        }
        return value.getNodeType().name().toLowerCase(Locale.ROOT)
                + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
