package io.channelpulse.serde;

import static io.channelpulse.model.DeadLetter.CONSTRAINT;
import static io.channelpulse.model.DeadLetter.MISSING_FIELD;
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
 */
final class Fields {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final String DEFAULT_CURRENCY = "CNY";

    private final JsonNode node;

    Fields(JsonNode node) {
        this.node = node;
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
        if (value.textValue().isBlank()) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must not be blank");
        }
        return value.textValue();
    }

    /** ISO-8601 with an offset ({@code Z} or {@code +08:00}), or integral epoch milliseconds. */
    Instant time(String field) throws InvalidRecordException {
        JsonNode value = required(field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
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

    /** A strictly positive integer that fits in an int. */
    int positiveInt(String field) throws InvalidRecordException {
        long value = integer(field, required(field));
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must be an integer > 0, got " + value);
        }
        return (int) value;
    }

    /** A non-negative integer. */
    long nonNegativeLong(String field) throws InvalidRecordException {
        long value = integer(field, required(field));
        if (value < 0) {
            throw new InvalidRecordException(
                    CONSTRAINT, field, "field '" + field + "' must be an integer >= 0, got " + value);
        }
        return value;
    }

    private static long integer(String field, JsonNode value) throws InvalidRecordException {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    /** A strictly positive amount of money, exact. */
    BigDecimal positiveMoney(String field) throws InvalidRecordException {
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw wrongType(field, "a JSON number", value);
        }
        BigDecimal amount = value.decimalValue();
        if (amount.signum() <= 0) {
            throw new InvalidRecordException(
                    CONSTRAINT,
                    field,
                    "field '" + field + "' must be > 0, got " + amount.toPlainString());
        }
        return amount;
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
        try {
            return Enum.valueOf(type, value.textValue().trim().toUpperCase(Locale.ROOT));
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
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual() || element.textValue().isBlank()) {
                throw wrongType(field, "an array of non-blank strings", value);
            }
            out.add(element.textValue());
        }
        return out;
    }

    private static InvalidRecordException wrongType(String field, String expected, JsonNode got) {
        return new InvalidRecordException(
                WRONG_TYPE,
                field,
                "field '" + field + "' must be " + expected + ", got " + describe(got));
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(Locale.ROOT)
                + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
