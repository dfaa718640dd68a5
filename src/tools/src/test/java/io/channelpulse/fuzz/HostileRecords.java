package io.channelpulse.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.CostCategory;
import io.channelpulse.model.MovementType;
import io.channelpulse.model.OrderStatus;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded hostile mutations of valid input lines, for all seven streams: numbers at and beyond their
 * limits, times at and beyond the edges of the accepted range, huge and control-laden strings,
 * invalid UTF-8, deep nesting, duplicate keys, wrong types, truncation and trailing garbage.
 *
 * <p>Every mutation is one the input contract must <em>reject</em>, so each hostile line has to
 * become exactly one dead letter and can change nothing else. Values the contract accepts however
 * odd they look (a time in 2099, an enum wrapped in control characters that {@code trim()} strips,
 * {@code []} regions, a duplicate key whose last value is fine, JSON {@code null} for an optional
 * field) are deliberately left out. Hostile lines of the event streams also carry a fresh eventId,
 * so even a line wrongly accepted could not deduplicate against a clean record. No line contains a
 * raw line break, so a line of a replay file stays one line.
 */
final class HostileRecords {

    /**
     * One hostile input: the raw bytes to write or produce, the payload as the replay reader and the
     * Kafka deserializer decode them (invalid UTF-8 replaced), and what was done to the valid line.
     * Bytes are null only for a Kafka tombstone.
     */
    record Hostile(EventStream<?> stream, byte[] bytes, String text, String mutation) {

        Hostile(EventStream<?> stream, byte[] bytes, String mutation) {
            this(stream, bytes, new String(bytes, UTF_8), mutation);
        }

        @Override
        public String toString() {
            return stream + ": " + mutation;
        }
    }

    /** What the contract expects of a field. */
    enum Kind { TEXT, TIME, MONEY, SIGNED_MONEY, PERIOD, POSITIVE_INT, NON_NEGATIVE_INT, CURRENCY, ENUM, TEXT_ARRAY }

    /** A field the parser checks for this record. */
    record Field(String name, Kind kind, boolean required, List<String> enumNames) {
        static Field text(String name) {
            return new Field(name, Kind.TEXT, true, List.of());
        }

        static Field optionalText(String name) {
            return new Field(name, Kind.TEXT, false, List.of());
        }

        static Field of(String name, Kind kind) {
            return new Field(name, kind, kind != Kind.CURRENCY, List.of());
        }

        static Field enumeration(String name, Class<? extends Enum<?>> type, boolean required) {
            return new Field(name, Kind.ENUM, required,
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
        }
    }

    /** Stands in for invalid UTF-8 while a line is still a String; never occurs in real input. */
    private static final char BAD_BYTES = '\uE000';
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC3, 0x28},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    };
    /** About the size of a huge string: far beyond every bound, well under Kafka's 1 MB record limit. */
    static final int HUGE_BYTES = 300 * 1024;

    private static final List<String> WRONG_TYPES = List.of("true", "false", "{}", "{\"a\":1}", "[1]", "[\"x\",{}]");
    private static final List<String> TEXT_TOKENS = List.of(
            "1e999999999", "-0", "0", "9223372036854775807", "-1e-999999999", "\"\"", "\"   \"", "\"\\t\"",
            "\"\\u3000\"", "\"\\u0000\"", "\"A\\u0000B\"", "\"A\\u001fB\"", "\"A\\u007fB\"", "\"A\\u0085B\"",
            "\"A\\u009fB\"", "\"A\\nB\"", "\"A\\rB\"", "\"A\\u001bB\"");
    private static final List<String> TIME_TOKENS = List.of(
            "\"2100-01-01T00:00:00Z\"", "\"2100-01-01T00:00:00.000+00:00\"", "\"2099-12-31T23:30:00-01:00\"",
            "\"1999-12-31T23:59:59.999Z\"", "\"2000-01-01T00:00:00+00:01\"", "\"+300000000-01-01T00:00:00Z\"",
            "\"2999-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59.999999999-18:00\"",
            "\"-999999999-01-01T00:00:00+18:00\"", "\"0000-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"+1000000000-01-01T00:00:00Z\"", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "18446744073709551616", "0", "-0", "-1", "946684799999", "4102444800000",
            "253402300800000", "1e999999999", "1e-999999999", "1.5e12", "1795939440000.5", "1795939440000.0",
            "\"1795939440000\"", "\"2026-11-29T08:00:00\"", "\"2026-11-29\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-11-29T24:00:01Z\"", "\"2026-11-29T08:00:00+19:00\"", "\"\"", "\"   \"", "\"NaN\"",
            "\"2026-11-29T08:00:00Z\\u0000\"", "\"\\ud800\"", "\"\\udfff2026-11-29T08:00:00Z\"", "NaN", "Infinity", "-Infinity", "1e9999999999");
    private static final List<String> MONEY_TOKENS = List.of(
            "1e999999999", "1e-999999999", "-1e999999999", "1E+400", "12345678901234567890",
            "9223372036854775807", "-9223372036854775808", "10000000.0001", "10000001", "0.00001", "1.00001",
            "-0", "-0.0", "0", "0.0000", "-1", "-0.01", "\"100.00\"", "\"\"", "NaN", "Infinity", "-Infinity",
            "+1", "01", ".5", "1.", "0x10", "1e9999999999", "1e-9999999999", "-1e-9999999999", "0e9999999999",
            "1E2147483648", "1E-2147483649");
    /** A cost's amount: zero and negative corrections are fine, so only bounds, scale and types are hostile. */
    private static final List<String> SIGNED_MONEY_TOKENS = List.of(
            "1e999999999", "-1e999999999", "1e-999999999", "-1e-999999999", "1E+400", "1E+13", "-1E+13",
            "12345678901234567890", "-12345678901234567890", "9223372036854775807", "-9223372036854775808",
            "1000000000000.0001", "-1000000000000.0001", "1000000000001", "-1000000000001", "0.00001", "-0.00001",
            "1.00001", "\"100.00\"", "\"-1\"", "\"\"", "NaN", "Infinity", "-Infinity", "+1", "01", "-01", ".5", "1.",
            "0x10", "1e9999999999", "1e-9999999999", "0e9999999999", "1E2147483648", "1E-2147483649");
    /** A business month: exactly YYYY-MM, months 01 to 12, within the accepted event-time years. */
    private static final List<String> PERIOD_TOKENS = List.of(
            "\"2026-13\"", "\"2026-00\"", "\"2026-1\"", "\"26-11\"", "\"2026-011\"", "\"2026/11\"",
            "\"2026-11-01\"", "\" 2026-11\"", "\"2026-11 \"", "\"２０２６-11\"", "\"1999-12\"", "\"2100-01\"",
            "\"0000-01\"", "\"9999-12\"", "\"+2026-11\"", "\"-2026-11\"", "\"\"", "\"   \"", "\"2026-11\\u0000\"",
            "\"2026-W47\"", "\"\\ud800\"", "\"2026-11\\n\"", "202611", "2026.11", "-0", "1e999999999");
    private static final List<String> POSITIVE_INT_TOKENS = List.of(
            "0", "-0", "-1", "1.5", "1.0", "1e3", "1000001", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "18446744073709551616", "1e999999999",
            "1e9999999999", "\"1\"", "NaN", "-Infinity");
    private static final List<String> NON_NEGATIVE_INT_TOKENS = List.of(
            "-1", "1.5", "0.0", "1e0", "1000001", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "1e999999999", "-1e9999999999", "\"0\"", "NaN");
    private static final List<String> CURRENCY_TOKENS = List.of(
            "\"usd\"", "\"US\"", "\"USDX\"", "\"\"", "\"   \"", "\"U\\u0000D\"", "\"ÜSD\"", "5", "\"CNY \"",
            "\"C\\u0085Y\"", "\"ＵＳＤ\"", "\"C\\nY\"", "\"CN\\ud800\"");
    private static final List<String> TEXT_ARRAY_TOKENS = List.of(
            "\"R-1\"", "[1]", "[\"\"]", "[\"  \"]", "[null]", "[[\"R-1\"]]", "[{}]", "[\"R-1\",\"R-1\"]",
            "[\"x\\u0000\"]", "[true]", "{}", "true", "1e999999999");

    private final Random random;
    private final String idPrefix;
    private int serial;

    HostileRecords(long seed) {
        this.random = new Random(seed);
        this.idPrefix = "fuzz-" + Long.toUnsignedString(seed, 36) + "-";
    }

    /** {@code count} hostile lines for {@code stream}, each a mutation of one of {@code validLines}. */
    List<Hostile> generate(EventStream<?> stream, List<String> validLines, int count) {
        if (validLines.isEmpty()) {
            throw new IllegalArgumentException("no valid " + stream + " line to mutate");
        }
        List<Hostile> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(mutate(stream, validLines.get(random.nextInt(validLines.size()))));
        }
        return out;
    }

    /** One hostile mutation of a line the contract accepts. */
    Hostile mutate(EventStream<?> stream, String validLine) {
        List<Pair> record = pairsOf(validLine);
        if (stream.isEventStream()) {
            set(record, "eventId", quote(idPrefix + stream.name() + "-" + (++serial)));
        }
        List<Field> fields = fields(stream, record);
        return switch (random.nextInt(11)) {
            case 0, 1, 2 -> hostileValue(stream, record, fields);
            case 3 -> duplicateKey(stream, record, fields);
            case 4 -> missingField(stream, record, fields);
            case 5 -> deepNesting(stream, record, fields);
            case 6 -> truncated(stream, record);
            case 7 -> rawControlCharacter(stream, record);
            case 8 -> invalidUtf8(stream, record, fields);
            case 9 -> huge(stream, record, fields);
            default -> notOneObject(stream, record);
        };
    }

    /**
     * Live only: an event far ahead of the wall clock but inside the accepted range. Replay would
     * accept it (and its clock would run to 2099); live it must be dead-lettered as {@code future}
     * so it cannot drag event time ahead. Mutation names start with {@code "future"}.
     */
    Hostile future(EventStream<?> stream, String validLine) {
        if (!stream.isEventStream()) {
            throw new IllegalArgumentException(stream + " has no event time");
        }
        List<Pair> record = pairsOf(validLine);
        set(record, "eventId", quote(idPrefix + stream.name() + "-" + (++serial)));
        String time = pick(List.of("\"2099-12-31T23:59:59.999Z\"", "4102444799999", "\"2098-06-01T12:00:00+14:00\"",
                "\"2030-01-01T00:00:00Z\"", "4000000000000"));
        set(record, "eventTime", time);
        return hostile(stream, json(record), "future eventTime=" + time);
    }

    // ---------------------------------------------------------------- mutations

    private Hostile hostileValue(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        Field field = pick(fields);
        String token = hostileToken(field);
        set(record, field.name(), token);
        return hostile(stream, json(record), "value " + field.name() + "=" + abbreviate(token));
    }

    /** The field twice, the hostile value last: Jackson keeps the last one. */
    private Hostile duplicateKey(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        Field field = pick(fields);
        String token = hostileToken(field);
        List<Pair> twice = new ArrayList<>(record);
        twice.add(random.nextInt(twice.size() + 1), new Pair(quote(field.name()), valueOr(record, field)));
        twice.add(new Pair(quote(field.name()), token));
        return hostile(stream, json(twice), "duplicate key " + field.name() + ", last=" + abbreviate(token));
    }

    private Hostile missingField(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        Field field = pick(fields.stream().filter(Field::required).toList());
        if (random.nextBoolean()) {
            set(record, field.name(), "null");
            return hostile(stream, json(record), "null " + field.name());
        }
        record.removeIf(p -> p.key().equals(quote(field.name())));
        return hostile(stream, json(record), "missing " + field.name());
    }

    private Hostile deepNesting(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        int depth = 2 + random.nextInt(random.nextBoolean() ? 60 : 3_000);
        boolean arrays = random.nextBoolean();
        if (random.nextBoolean()) {
            Field field = pick(fields);
            set(record, field.name(), arrays ? "[".repeat(depth) + "]".repeat(depth) : nestedObjects(depth, "{}"));
            return hostile(stream, json(record), "value " + field.name() + " nested " + depth + (arrays ? " arrays" : " objects"));
        }
        String line = json(record);
        String wrapped = arrays ? "[".repeat(depth) + line + "]".repeat(depth) : nestedObjects(depth, line);
        return hostile(stream, wrapped, "record wrapped in " + depth + (arrays ? " arrays" : " objects"));
    }

    /** Any strict prefix of a JSON object is incomplete. */
    private Hostile truncated(EventStream<?> stream, List<Pair> record) {
        String line = json(record);
        int cut = 1 + random.nextInt(line.length() - 1);
        return hostile(stream, line.substring(0, cut), "truncated at " + cut + " of " + line.length());
    }

    /** An unescaped control character inside a key or a string value, which JSON forbids. */
    private Hostile rawControlCharacter(EventStream<?> stream, List<Pair> record) {
        char control = pick(IntStream.range(0, 0x20).filter(c -> c != '\n' && c != '\r')
                .mapToObj(c -> (char) c).toList());
        int index = random.nextInt(record.size());
        Pair pair = record.get(index);
        boolean inValue = pair.value().startsWith("\"") && pair.value().length() > 2 && random.nextBoolean();
        String target = inValue ? pair.value() : pair.key();
        int at = 1 + random.nextInt(target.length() - 1);
        String changed = target.substring(0, at) + control + target.substring(at);
        record.set(index, inValue ? new Pair(pair.key(), changed) : new Pair(changed, pair.value()));
        return hostile(stream, json(record), String.format("raw U+%04X in %s of %s", (int) control,
                inValue ? "value" : "key", pair.key()));
    }

    /**
     * Bytes that are not UTF-8, where their replacement character cannot make the line valid:
     * between tokens, inside a value that must be a time, enum or currency, or the whole line in
     * UTF-16. (Inside free text the replacement character would be accepted.)
     */
    private Hostile invalidUtf8(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        String what = "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad);
        List<Field> strict = fields.stream()
                .filter(f -> f.kind() == Kind.TIME || f.kind() == Kind.ENUM || f.kind() == Kind.CURRENCY
                        || f.kind() == Kind.PERIOD)
                .toList();
        switch (random.nextInt(3)) {
            case 0 -> {
                Field field = pick(strict);
                String value = valueOr(record, field);
                if (!value.startsWith("\"") || value.length() < 3) {
                    value = field.kind() == Kind.TIME ? "\"2026-11-29T08:00:00Z\""
                            : field.kind() == Kind.PERIOD ? "\"2026-11\""
                            : field.kind() == Kind.CURRENCY ? "\"CNY\"" : quote(field.enumNames().get(0));
                }
                int at = 1 + random.nextInt(value.length() - 1);
                set(record, field.name(), value.substring(0, at) + BAD_BYTES + value.substring(at));
                return new Hostile(stream, encode(json(record), bad), what + " in " + field.name());
            }
            case 1 -> {
                int at = random.nextInt(record.size());
                Pair pair = record.get(at);
                record.set(at, new Pair(BAD_BYTES + pair.key(), pair.value()));
                return new Hostile(stream, encode(json(record), bad), what + " before key " + pair.key());
            }
            default -> {
                byte[] utf16 = json(record).getBytes(StandardCharsets.UTF_16LE);
                return noLineBreak(utf16)
                        ? new Hostile(stream, utf16, "line in UTF-16LE")
                        : new Hostile(stream, encode(BAD_BYTES + json(record), bad), what + " before the line");
            }
        }
    }

    /** About {@value #HUGE_BYTES} bytes in one value, or a long array, or a thousand digits. */
    private Hostile huge(EventStream<?> stream, List<Pair> record, List<Field> fields) {
        Field field = pick(fields);
        String value = switch (random.nextInt(4)) {
            case 0 -> field.kind() == Kind.TEXT_ARRAY
                    ? IntStream.range(0, 1_001 + random.nextInt(20_000)).mapToObj(i -> "\"R-" + i + "\"")
                            .collect(Collectors.joining(",", "[", "]"))
                    : "\"" + hugeText() + "\"";
            case 1 -> "\"" + hugeText() + "\"";
            case 2 -> "1" + "0".repeat(998); // the most digits Jackson reads: out of every range
            default -> "9".repeat(1_001); // one digit too many: not readable at all
        };
        if (field.kind() == Kind.TEXT_ARRAY && value.startsWith("\"")) {
            value = "[" + value + "]";
        }
        set(record, field.name(), value);
        return hostile(stream, json(record), "huge " + field.name() + " (" + value.length() + " chars)");
    }

    /** Valid JSON that is not one object: a scalar, an array, an object plus more, a byte-order mark. */
    private Hostile notOneObject(EventStream<?> stream, List<Pair> record) {
        String line = json(record);
        List<Function<String, String>> shapes = List.of(
                l -> "[" + l + "]", HostileRecords::quote, l -> "null", l -> "true", l -> "-0", l -> "1e999999999",
                l -> "\"\"", l -> "[]", l -> "{}", l -> "\uFEFF" + l, l -> l + l, l -> l + "x", l -> l + "}",
                l -> l + ",", l -> l + "\u0000", l -> l + "/*", l -> "{\"record\":" + l + "}", l -> "'" + l + "'");
        int shape = random.nextInt(shapes.size());
        return hostile(stream, shapes.get(shape).apply(line), "not one object, shape " + shape);
    }

    // ---------------------------------------------------------------- hostile values by kind

    private String hostileToken(Field field) {
        List<String> pool = new ArrayList<>(switch (field.kind()) {
            case TEXT -> TEXT_TOKENS;
            case TIME -> TIME_TOKENS;
            case MONEY -> MONEY_TOKENS;
            case SIGNED_MONEY -> SIGNED_MONEY_TOKENS;
            case PERIOD -> PERIOD_TOKENS;
            case POSITIVE_INT -> POSITIVE_INT_TOKENS;
            case NON_NEGATIVE_INT -> NON_NEGATIVE_INT_TOKENS;
            case CURRENCY -> CURRENCY_TOKENS;
            case ENUM -> enumTokens(field.enumNames());
            case TEXT_ARRAY -> TEXT_ARRAY_TOKENS;
        });
        if (field.kind() != Kind.TEXT_ARRAY) {
            pool.addAll(WRONG_TYPES);
        }
        if (field.kind() == Kind.TEXT) {
            pool.add(quote("T".repeat(257 + random.nextInt(2_000))));
        }
        if (field.required()) {
            pool.add("null");
        }
        return pick(pool);
    }

    /** Near misses of the real names: an unknown name, and real names with inner junk that trim() keeps. */
    private List<String> enumTokens(List<String> names) {
        String name = pick(names);
        int at = 1 + random.nextInt(name.length() - 1);
        return List.of("\"LOST\"", "\"\"", "\"   \"", "\"\\u0000\"", "7", "\"A,B\"",
                quote(name.substring(0, at) + " " + name.substring(at)),
                quote(name.substring(0, at) + "\u0000" + name.substring(at)),
                quote(name.substring(0, at) + "\u0085" + name.substring(at)),
                quote(name + "\u00a0"), quote(name + "S"), quote("[" + name + "]"));
    }

    /** Letters with some two-, three- and four-byte characters; no quote, backslash or control. */
    private String hugeText() {
        String[] pieces = {"a", "Z", "9", "-", "é", "漢", "😀", " "};
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        while (bytes < HUGE_BYTES) {
            String piece = pieces[random.nextInt(pieces.length)];
            out.append(piece);
            bytes += piece.getBytes(UTF_8).length;
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- the fields each stream checks

    /** The fields the parser reads for this record (inventory reads quantity or onHand by movement). */
    static List<Field> fields(EventStream<?> stream, List<Pair> record) {
        List<Field> located = Stream.of("channelId", "partnerId", "outletId", "regionId", "sku")
                .map(Field::text).toList();
        List<Field> fields = new ArrayList<>();
        if (stream == EventStream.POS_SALES) {
            fields.addAll(List.of(Field.text("eventId"), Field.of("eventTime", Kind.TIME)));
            fields.addAll(located);
            fields.addAll(List.of(Field.of("quantity", Kind.POSITIVE_INT), Field.of("unitPrice", Kind.MONEY),
                    Field.of("currency", Kind.CURRENCY), Field.optionalText("batchCode")));
        } else if (stream == EventStream.PRICES) {
            fields.addAll(List.of(Field.text("eventId"), Field.of("eventTime", Kind.TIME)));
            fields.addAll(located);
            fields.addAll(List.of(Field.of("price", Kind.MONEY), Field.of("currency", Kind.CURRENCY),
                    Field.optionalText("source")));
        } else if (stream == EventStream.INVENTORY) {
            fields.addAll(List.of(Field.text("eventId"), Field.of("eventTime", Kind.TIME)));
            fields.addAll(located);
            fields.add(Field.enumeration("movement", MovementType.class, true));
            boolean receipt = record.stream().anyMatch(p -> p.key().equals("\"movement\"")
                    && p.value().toUpperCase(java.util.Locale.ROOT).contains("RECEIPT"));
            fields.add(receipt ? Field.of("quantity", Kind.POSITIVE_INT) : Field.of("onHand", Kind.NON_NEGATIVE_INT));
            fields.add(Field.optionalText("batchCode"));
        } else if (stream == EventStream.ORDERS) {
            fields.addAll(List.of(Field.text("eventId"), Field.of("eventTime", Kind.TIME), Field.text("orderId"),
                    Field.text("channelId"), Field.text("partnerId"),
                    Field.enumeration("status", OrderStatus.class, true)));
        } else if (stream == EventStream.CHANNEL_COSTS) {
            fields.addAll(List.of(Field.text("eventId"), Field.of("eventTime", Kind.TIME), Field.of("period", Kind.PERIOD),
                    Field.text("channelId"), Field.optionalText("partnerId"), Field.optionalText("outletId"),
                    Field.enumeration("category", CostCategory.class, true), Field.of("amount", Kind.SIGNED_MONEY),
                    Field.of("currency", Kind.CURRENCY)));
        } else if (stream == EventStream.GUIDE_PRICES) {
            fields.addAll(List.of(Field.text("sku"), Field.of("guidePrice", Kind.MONEY),
                    Field.of("currency", Kind.CURRENCY), Field.of("effectiveFrom", Kind.TIME)));
        } else if (stream == EventStream.PARTNERS) {
            fields.addAll(List.of(Field.text("partnerId"), Field.text("channelId"),
                    Field.enumeration("channelType", ChannelType.class, true),
                    Field.of("authorizedRegions", Kind.TEXT_ARRAY),
                    Field.enumeration("tier", PartnerTier.class, false), Field.optionalText("name")));
        } else {
            throw new IllegalArgumentException("unknown stream " + stream);
        }
        return fields;
    }

    // ---------------------------------------------------------------- building lines

    /** One member of a JSON object, key and value as raw JSON text, so anything can be written. */
    record Pair(String key, String value) {}

    static List<Pair> pairsOf(String validLine) {
        try {
            JsonNode node = Json.mapper().readTree(validLine);
            List<Pair> pairs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                pairs.add(new Pair(quote(field.getKey()), Json.mapper().writeValueAsString(field.getValue())));
            }
            return pairs;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid line: " + validLine, e);
        }
    }

    static String json(List<Pair> pairs) {
        return pairs.stream().map(p -> p.key() + ":" + p.value()).collect(Collectors.joining(",", "{", "}"));
    }

    private static void set(List<Pair> record, String field, String value) {
        String key = quote(field);
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).key().equals(key)) {
                record.set(i, new Pair(key, value));
                return;
            }
        }
        record.add(new Pair(key, value));
    }

    /** The field's current value, or a well-formed one when the record does not have it. */
    private static String valueOr(List<Pair> record, Field field) {
        String key = quote(field.name());
        return record.stream().filter(p -> p.key().equals(key)).map(Pair::value).findFirst()
                .orElse(field.kind() == Kind.CURRENCY ? "\"CNY\"" : "\"x\"");
    }

    static String quote(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nestedObjects(int depth, String innermost) {
        return "{\"a\":".repeat(depth) + innermost + "}".repeat(depth);
    }

    private static Hostile hostile(EventStream<?> stream, String line, String mutation) {
        return new Hostile(stream, line.getBytes(UTF_8), mutation);
    }

    /** Whether {@code bytes} stay one line of a replay file. */
    static boolean noLineBreak(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 of {@code line}, with the bytes {@code bad} where {@link #BAD_BYTES} stands. */
    private static byte[] encode(String line, byte[] bad) {
        int at = line.indexOf(BAD_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(line.substring(0, at).getBytes(UTF_8));
        out.writeBytes(bad);
        out.writeBytes(line.substring(at + 1).getBytes(UTF_8));
        return out.toByteArray();
    }

    private <E> E pick(List<E> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String abbreviate(String token) {
        return token.length() <= 60 ? token : token.substring(0, 60) + "…(" + token.length() + " chars)";
    }
}
