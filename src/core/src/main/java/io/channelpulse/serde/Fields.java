package io.channelpulse.serde;

import io.channelpulse.config.InputBounds;
import static io.channelpulse.model.DeadLetter.CONSTRAINT;
import static io.channelpulse.model.DeadLetter.MISSING_FIELD;
import static io.channelpulse.model.DeadLetter.OUT_OF_RANGE;
import static io.channelpulse.model.DeadLetter.WRONG_TYPE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
 *
 * <p>Why no JSON tree: building a {@code JsonNode} for every record was a large share of the
 * parse cost (issue 11). {@link #read} makes one streaming pass over the object and keeps, in flat
 * arrays, only the top-level values of the fields its stream declares; every other value is still
 * read to its end, so it must be valid JSON, and its numbers and strings are decoded exactly as the
 * tree decoded them (a float whose exponent no BigDecimal can hold fails anywhere in the record).
 * The checks run afterwards, in the order the stream's parser asks for fields, so the first bad
 * field in contract order is the one reported, whatever the order in the payload. A key that
 * repeats keeps its last value, as the tree did.
 */
final class Fields {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern PERIOD = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final Pattern ENUM_NAME = Pattern.compile("[A-Za-z_]{1,64}");
    static final String DEFAULT_CURRENCY = "CNY";
    /** Longest id or name accepted; keys and labels built from longer ones would bloat state and output. */
    static final int MAX_TEXT_LENGTH = 256;
    /** Most elements of an array field (authorized regions). */
    static final int MAX_ARRAY_SIZE = 1_000;

    // What a declared field held; JSON null and absence are both ABSENT.
    private static final byte ABSENT = 0;
    private static final byte STRING = 1;
    /** An integer that fits in a long: the value is in {@code longs}. */
    private static final byte LONG = 2;
    /** An integer beyond a long: the BigInteger is in {@code refs}. */
    private static final byte BIG_INTEGER = 3;
    /** A number with a fraction or exponent: the BigDecimal (the sender's scale) is in {@code refs}. */
    private static final byte DECIMAL = 4;
    private static final byte TRUE = 5;
    private static final byte FALSE = 6;
    /** {@code longs} holds the element count, {@code refs} the first elements (null where not a string). */
    private static final byte ARRAY = 7;
    private static final byte OBJECT = 8;

    private final String[] names;
    private final byte[] kinds;
    private final long[] longs;
    private final Object[] refs;
    private final InputBounds bounds;

    private Fields(String[] names, InputBounds bounds) {
        this.names = names;
        this.kinds = new byte[names.length];
        this.longs = new long[names.length];
        this.refs = new Object[names.length];
        this.bounds = bounds;
    }

    /**
     * Reads the object whose {@code START_OBJECT} is the parser's current token, up to and
     * including its {@code END_OBJECT}, keeping the values of the fields named in {@code names}.
     *
     * @throws IOException invalid JSON anywhere in the object, as Jackson reports it
     * @throws NumberFormatException a float no BigDecimal can hold, anywhere in the object
     */
    static Fields read(JsonParser p, String[] names, InputBounds bounds) throws IOException {
        Fields fields = new Fields(names, bounds);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            int slot = fields.slotOf(name);
            JsonToken token = p.nextToken();
            if (slot < 0) {
                skipValue(p, token);
            } else {
                fields.capture(slot, p, token);
            }
        }
        if (!p.hasToken(JsonToken.END_OBJECT)) {
            // nextFieldName returns null on any other token only for malformed input, which it reports itself
            throw new IllegalStateException("expected the end of an object, got " + p.currentToken());
        }
        return fields;
    }

    private int slotOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) { // Jackson interns field names, and ours are literals
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void capture(int slot, JsonParser p, JsonToken token) throws IOException {
        refs[slot] = null;
        longs[slot] = 0;
        switch (token) {
            case VALUE_STRING -> {
                kinds[slot] = STRING;
                refs[slot] = p.getText();
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = p.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    kinds[slot] = LONG;
                    longs[slot] = p.getLongValue();
                } else {
                    BigInteger big = p.getBigIntegerValue();
                    if (big.bitLength() <= 63) {
                        kinds[slot] = LONG;
                        longs[slot] = big.longValue();
                    } else {
                        kinds[slot] = BIG_INTEGER;
                        refs[slot] = big;
                    }
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                kinds[slot] = DECIMAL;
                refs[slot] = decimal(p);
            }
            case VALUE_TRUE -> kinds[slot] = TRUE;
            case VALUE_FALSE -> kinds[slot] = FALSE;
            case VALUE_NULL -> kinds[slot] = ABSENT;
            case START_OBJECT -> {
                kinds[slot] = OBJECT;
                skipValue(p, token);
            }
            case START_ARRAY -> {
                kinds[slot] = ARRAY;
                List<String> elements = new ArrayList<>();
                long count = 0;
                for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
                    String text = null;
                    if (element == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else {
                        skipValue(p, element);
                    }
                    if (count++ <= MAX_ARRAY_SIZE) { // one more than allowed is enough to refuse the array
                        elements.add(text);
                    }
                }
                longs[slot] = count;
                refs[slot] = elements;
            }
            default -> throw new IllegalStateException("unexpected token " + token);
        }
    }

    /**
     * A float as the tree read it with USE_BIG_DECIMAL_FOR_FLOATS, through the same calls: a
     * BigDecimal with the sender's scale, or a NumberFormatException when no BigDecimal can hold it
     * (an exponent beyond an int). NaN and Infinity never get here: the parser refuses them.
     */
    private static BigDecimal decimal(JsonParser p) throws IOException {
        p.getNumberType();
        return p.getDecimalValue();
    }

    /**
     * Reads the value that starts with {@code token} to its end without keeping it, decoding its
     * strings and numbers as {@link #capture} does, so an unknown field is held to the same JSON
     * rules as a known one. It moves through objects with {@code nextFieldName} and through arrays
     * with {@code nextToken}, as the tree did: Jackson words some syntax errors differently on the
     * two paths. Iterative: nesting is bounded by Jackson's depth limit, not by the stack.
     */
    static void skipValue(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            decodeScalar(p, token);
            return;
        }
        boolean[] inObject = new boolean[8];
        inObject[0] = token == JsonToken.START_OBJECT;
        int depth = 1;
        while (depth > 0) {
            JsonToken next;
            if (inObject[depth - 1]) {
                if (p.nextFieldName() == null) { // the end of the object
                    depth--;
                    continue;
                }
                next = p.nextToken();
            } else {
                next = p.nextToken();
                if (next == JsonToken.END_ARRAY) {
                    depth--;
                    continue;
                }
            }
            if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                if (depth == inObject.length) {
                    inObject = Arrays.copyOf(inObject, depth * 2);
                }
                inObject[depth++] = next == JsonToken.START_OBJECT;
            } else if (next == null) {
                throw new IllegalStateException("end of input inside a value"); // the parser reports this first
            } else {
                decodeScalar(p, next);
            }
        }
    }

    private static void decodeScalar(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            return;
        }
        switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = p.getNumberType();
                if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                    p.getBigIntegerValue();
                }
            }
            case VALUE_NUMBER_FLOAT -> decimal(p);
            default -> {
                // literals need no decoding
            }
        }
    }

    /** The slot of a present field, or -1 when it is absent, null or not declared by the stream. */
    private int present(String field) {
        int slot = slotOf(field);
        return slot >= 0 && kinds[slot] != ABSENT ? slot : -1;
    }

    private int required(String field) throws InvalidRecordException {
        int slot = present(field);
        if (slot < 0) {
            throw new InvalidRecordException(
                    MISSING_FIELD, field, "missing required field '" + field + "'");
        }
        return slot;
    }

    String text(String field) throws InvalidRecordException {
        return textValue(field, required(field));
    }

    String optionalText(String field) throws InvalidRecordException {
        int slot = present(field);
        return slot < 0 ? null : textValue(field, slot);
    }

    private String textValue(String field, int slot) throws InvalidRecordException {
        if (kinds[slot] != STRING) {
            throw wrongType(field, "a string", slot);
        }
        return checkedText(field, (String) refs[slot]);
    }

    private static String checkedText(String field, String text) throws InvalidRecordException {
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
        int slot = required(field);
        if (kinds[slot] == LONG) {
            return Instant.ofEpochMilli(longs[slot]);
        }
        if (kinds[slot] == STRING && ((String) refs[slot]).length() <= 64) {
            Instant usual = IsoInstants.parse((String) refs[slot]);
            if (usual != null) {
                return usual;
            }
            try {
                return OffsetDateTime.parse((String) refs[slot], DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw wrongType(
                field, "an ISO-8601 timestamp with offset or epoch milliseconds", slot);
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

    private long integer(String field, int slot) throws InvalidRecordException {
        if (kinds[slot] == BIG_INTEGER) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be between 0 and " + bounds.maxQuantity()
                            + " (input.max-quantity), got " + describe(slot));
        }
        if (kinds[slot] != LONG) {
            throw wrongType(field, "an integer", slot);
        }
        return longs[slot];
    }

    /**
     * A strictly positive amount of money per unit, exact, with at most {@code input.money-scale}
     * decimal places and at most {@code input.max-unit-price}. Scale and magnitude are checked on
     * the BigDecimal's representation first: comparing or printing {@code 1e999999999} in plain
     * form would need a billion digits.
     */
    BigDecimal positiveMoney(String field) throws InvalidRecordException {
        BigDecimal amount = withinScale(field, number(field));
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

    /**
     * An amount of money that may be negative (a correction) or zero, exact, with at most {@code
     * input.money-scale} decimal places and an absolute value of at most {@code
     * input.max-cost-amount}. Magnitude is checked on the representation first, as for prices.
     */
    BigDecimal signedAmount(String field) throws InvalidRecordException {
        BigDecimal amount = withinScale(field, number(field));
        long integerDigits = (long) amount.precision() - amount.scale();
        BigDecimal max = bounds.maxCostAmount();
        if (integerDigits > MAX_INTEGER_DIGITS || amount.abs().compareTo(max) > 0) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be between -" + max.toPlainString() + " and " + max.toPlainString()
                            + " (input.max-cost-amount), got " + amount);
        }
        return amount;
    }

    private BigDecimal number(String field) throws InvalidRecordException {
        int slot = required(field);
        return switch (kinds[slot]) {
            case LONG -> BigDecimal.valueOf(longs[slot]);
            case BIG_INTEGER -> new BigDecimal((BigInteger) refs[slot]);
            case DECIMAL -> (BigDecimal) refs[slot];
            default -> throw wrongType(field, "a JSON number", slot);
        };
    }

    /**
     * A business month written exactly {@code YYYY-MM} (month 01 to 12), a string, whose month
     * holds at least one accepted event time: from the month of {@code input.earliest-event-time} to
     * the month of the last instant before {@code input.latest-event-time}, both in UTC. It is only
     * a sanity bound; which business month a cost counts in is the job's concern.
     */
    String period(String field) throws InvalidRecordException {
        int slot = required(field);
        if (kinds[slot] != STRING) {
            throw wrongType(field, "a string YYYY-MM", slot);
        }
        String text = (String) refs[slot];
        if (!PERIOD.matcher(text).matches()) {
            throw new InvalidRecordException(
                    CONSTRAINT, field,
                    "field '" + field + "' must be a business month YYYY-MM (month 01 to 12), got " + describe(slot));
        }
        YearMonth month = YearMonth.parse(text);
        YearMonth first = YearMonth.from(bounds.earliestEventTime().atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(bounds.latestEventTime().minusMillis(1).atOffset(ZoneOffset.UTC));
        if (month.isBefore(first) || month.isAfter(last)) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must be from " + first + " to " + last
                            + " (input.earliest-event-time, input.latest-event-time), got " + text);
        }
        return text;
    }

    /** Digits before the point that the configured maxima can never exceed (they are below 10^15). */
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
        int slot = present(field);
        return slot < 0 ? null : enumValue(field, type, slot);
    }

    private <E extends Enum<E>> E enumValue(String field, Class<E> type, int slot)
            throws InvalidRecordException {
        if (kinds[slot] != STRING) {
            throw wrongType(field, "a string", slot);
        }
        String text = (String) refs[slot];
        // Only ASCII letters and underscores, with surrounding blanks ignored: trim() would also
        // strip control characters, and case mapping would turn a long s (ſ) into S.
        String name = text.strip();
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
                            + ", got '" + text + "'");
        }
    }

    List<String> textArray(String field) throws InvalidRecordException {
        int slot = required(field);
        if (kinds[slot] != ARRAY) {
            throw wrongType(field, "an array of strings", slot);
        }
        long size = longs[slot];
        if (size > MAX_ARRAY_SIZE) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE, field,
                    "field '" + field + "' must have at most " + MAX_ARRAY_SIZE + " elements, got " + size);
        }
        @SuppressWarnings("unchecked")
        List<String> elements = (List<String>) refs[slot];
        List<String> out = new ArrayList<>(elements.size());
        for (String element : elements) {
            if (element == null || element.isBlank()) {
                throw wrongType(field, "an array of non-blank strings", slot);
            }
            out.add(checkedText(field, element));
        }
        return out;
    }

    private InvalidRecordException wrongType(String field, String expected, int slot) {
        return new InvalidRecordException(
                WRONG_TYPE,
                field,
                "field '" + field + "' must be " + expected + ", got " + describe(slot));
    }

    /**
     * A short, safe description: never prints a huge number in plain form or a whole huge string.
     * The words are the JSON tree's node type names, as dead letters have always said them.
     */
    private String describe(int slot) {
        String type;
        String text;
        switch (kinds[slot]) {
            case STRING -> {
                String t = (String) refs[slot];
                type = "string";
                text = "\"" + (t.length() > 40 ? t.substring(0, 40) : t) + "\"";
            }
            case LONG -> {
                type = "number";
                text = Long.toString(longs[slot]);
            }
            case BIG_INTEGER, DECIMAL -> {
                type = "number";
                text = refs[slot].toString(); // BigDecimal.toString: scientific for huge exponents
            }
            case TRUE, FALSE -> {
                type = "boolean";
                text = kinds[slot] == TRUE ? "true" : "false";
            }
            case ARRAY -> {
                type = "array";
                text = "[…] (" + longs[slot] + " elements)";
            }
            case OBJECT -> {
                type = "object";
                text = "{…}";
            }
            default -> throw new IllegalStateException("no value to describe");
        }
        return type + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
