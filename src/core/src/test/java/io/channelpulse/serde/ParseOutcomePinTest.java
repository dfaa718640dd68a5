package io.channelpulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.config.InputBounds;
import io.channelpulse.model.DeadLetter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Pins the complete outcome of parsing (the event, or the dead letter's reason, field, message and
 * event time) for a corpus of several thousand hostile payloads on all six streams, so a change to
 * how records are read (issue 11: streaming instead of a JSON tree) cannot change the contract by
 * accident. The expected outcomes in {@code parse-outcomes.jsonl.gz} (one JSON line per case, gzipped
 * because the corpus is large and repetitive) were produced by the tree-based
 * parser this pin was written against.
 *
 * <p>When the contract changes on purpose, regenerate the file and review its diff:
 * {@code mvn -o -q -pl src/core test -Dtest=ParseOutcomePinTest
 * -Dparse.pin.write=src/test/resources/io/channelpulse/serde/parse-outcomes.jsonl.gz}
 * (then {@code zdiff} it against the committed version).
 */
class ParseOutcomePinTest {

    private static final String GOLDEN = "parse-outcomes.jsonl.gz";
    private static final RecordOrigin ORIGIN = RecordOrigin.file("x", "x.jsonl", 7);
    /** Live-style wall clock bound, so the future check is pinned too. */
    private static final Instant NOT_AFTER = Instant.parse("2026-12-01T00:00:00Z");
    private static final String TIME = "\"2026-11-29T08:05:00Z\"";

    record Case(String id, EventStream<?> stream, String payload) {}

    /** A record as ordered key and raw JSON value pairs; keys may repeat. */
    private record Pair(String key, String value) {}

    // ---------------------------------------------------------------- the corpus

    private enum Kind { TEXT, OPTIONAL_TEXT, TIME, MONEY, POSITIVE_INT, NON_NEGATIVE_INT, CURRENCY, ENUM, OPTIONAL_ENUM, TEXT_ARRAY }

    private record Base(String name, EventStream<?> stream, List<Pair> pairs, Map<String, Kind> kinds) {}

    private static Base base(String name, EventStream<?> stream, Object... keyValueKind) {
        List<Pair> pairs = new ArrayList<>();
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (int i = 0; i < keyValueKind.length; i += 3) {
            pairs.add(new Pair((String) keyValueKind[i], (String) keyValueKind[i + 1]));
            kinds.put((String) keyValueKind[i], (Kind) keyValueKind[i + 2]);
        }
        return new Base(name, stream, pairs, kinds);
    }

    private static List<Base> bases() {
        return List.of(
                base("pos-sales", EventStream.POS_SALES,
                        "eventId", "\"s-1\"", Kind.TEXT, "eventTime", TIME, Kind.TIME,
                        "channelId", "\"CH-DEALER\"", Kind.TEXT, "partnerId", "\"P-DEALER-1\"", Kind.TEXT,
                        "outletId", "\"O-1\"", Kind.TEXT, "regionId", "\"R-EAST\"", Kind.TEXT,
                        "sku", "\"SKU-1\"", Kind.TEXT, "quantity", "2", Kind.POSITIVE_INT,
                        "unitPrice", "94.90", Kind.MONEY, "currency", "\"CNY\"", Kind.CURRENCY,
                        "batchCode", "\"B-1\"", Kind.OPTIONAL_TEXT),
                base("prices", EventStream.PRICES,
                        "eventId", "\"p-1\"", Kind.TEXT, "eventTime", "1795939440000", Kind.TIME,
                        "channelId", "\"CH-ONLINE\"", Kind.TEXT, "partnerId", "\"P-ONLINE-1\"", Kind.TEXT,
                        "outletId", "\"WEB-1\"", Kind.TEXT, "regionId", "\"R-EAST\"", Kind.TEXT,
                        "sku", "\"SKU-1\"", Kind.TEXT, "price", "89.9", Kind.MONEY,
                        "currency", "\"USD\"", Kind.CURRENCY, "source", "\"WEB\"", Kind.OPTIONAL_TEXT),
                base("inventory-receipt", EventStream.INVENTORY,
                        "eventId", "\"inv-1\"", Kind.TEXT, "eventTime", "\"2026-11-29T16:05:00+08:00\"", Kind.TIME,
                        "channelId", "\"CH-DEALER\"", Kind.TEXT, "partnerId", "\"P-DEALER-1\"", Kind.TEXT,
                        "outletId", "\"O-1\"", Kind.TEXT, "regionId", "\"R-EAST\"", Kind.TEXT,
                        "sku", "\"SKU-1\"", Kind.TEXT, "movement", "\"RECEIPT\"", Kind.ENUM,
                        "quantity", "10", Kind.POSITIVE_INT, "batchCode", "\"B-1\"", Kind.OPTIONAL_TEXT),
                base("inventory-snapshot", EventStream.INVENTORY,
                        "eventId", "\"inv-3\"", Kind.TEXT, "eventTime", TIME, Kind.TIME,
                        "channelId", "\"CH-DEALER\"", Kind.TEXT, "partnerId", "\"P-DEALER-1\"", Kind.TEXT,
                        "outletId", "\"O-1\"", Kind.TEXT, "regionId", "\"R-EAST\"", Kind.TEXT,
                        "sku", "\"SKU-1\"", Kind.TEXT, "movement", "\" snapshot \"", Kind.ENUM,
                        "onHand", "7", Kind.NON_NEGATIVE_INT, "quantity", "3", Kind.POSITIVE_INT),
                base("orders", EventStream.ORDERS,
                        "eventId", "\"o-1c\"", Kind.TEXT, "eventTime", TIME, Kind.TIME,
                        "orderId", "\"ORD-1\"", Kind.TEXT, "channelId", "\"CH-DEALER\"", Kind.TEXT,
                        "partnerId", "\"P-DEALER-1\"", Kind.TEXT, "status", "\"created\"", Kind.ENUM),
                base("guide-prices", EventStream.GUIDE_PRICES,
                        "sku", "\"SKU-1\"", Kind.TEXT, "guidePrice", "100.00", Kind.MONEY,
                        "currency", "\"CNY\"", Kind.CURRENCY, "effectiveFrom", TIME, Kind.TIME),
                base("partners", EventStream.PARTNERS,
                        "partnerId", "\"P-DEALER-1\"", Kind.TEXT, "channelId", "\"CH-DEALER\"", Kind.TEXT,
                        "channelType", "\"DEALER\"", Kind.ENUM,
                        "authorizedRegions", "[\"R-EAST\",\"R-NORTH\"]", Kind.TEXT_ARRAY,
                        "tier", "\"CORE\"", Kind.OPTIONAL_ENUM, "name", "\"East Dealer\"", Kind.OPTIONAL_TEXT));
    }

    /** Tried in every field, and in an unknown one: every JSON type, and syntax errors inside a value. */
    private static final List<String> GENERIC = List.of(
            "null", "true", "false", "{}", "{\"a\":1}", "[]", "[1]", "[\"x\",{}]", "[1,2,3]", "\"\"", "\"   \"",
            "0", "-0", "1.5", "42", "-7", "1.0", "2.50", "1e3", "1E+2", "1e999999999", "-1e999999999",
            "1e-999999999", "1e9999999999", "[1e9999999999]", "{\"a\":[{\"b\":1e9999999999}]}",
            "12345678901234567890", "-12345678901234567890", "\"abc\"", "\"" + "x".repeat(300) + "\"",
            "\"" + "y".repeat(45) + "\"", "\"A\\u0000B\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"", "\"\uD800\"",
            "\"\\t\"", "\"\\u3000\"", "\"a\\\"b\"",
            "{\"nested\":[1,{\"deep\":[null,true,\"x\\u0000\",1.5e3,{}]}]}",
            "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10", "'x'", "tru", "nul", "\"unterminated",
            "[1,]", "[1 2]", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{\"a\":1,}", "\"raw\u0001ctl\"", "\"bad\\escape\"",
            "\"\\u12\"", "1" + "0".repeat(1000), "1" + "0".repeat(999), "0." + "0".repeat(998) + "1",
            "[" + "[".repeat(999) + "]".repeat(1000) + "]", "[".repeat(1001) + "]".repeat(1001));

    private static final Map<Kind, List<String>> SPECIFIC = Map.of(
            Kind.TEXT, List.of("\"A\\u001fB\"", "\"A\\u007fB\"", "\"A\\u0085B\"", "\"A\\nB\"", "\"" + "S".repeat(256) + "\"",
                    "\"" + "S".repeat(257) + "\"", "\"CH-\\ud83d\\ude00\"", "\"\\udfffX\"", "\"X\\ud800\\ud800\"", "\"\u00e9\""),
            Kind.TIME, List.of("\"2100-01-01T00:00:00Z\"", "\"2099-12-31T23:59:59.999Z\"", "\"1999-12-31T23:59:59.999Z\"",
                    "\"2000-01-01T00:00:00Z\"", "\"+300000000-01-01T00:00:00Z\"", "\"2026-11-29T08:00:00\"", "\"2026-11-29\"",
                    "\"2026-02-30T00:00:00Z\"", "\"2026-11-29T08:00:00+19:00\"", "\"NaN\"", "\"2026-11-30T23:59:59Z\"",
                    "\"2026-12-01T00:00:00.001Z\"", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                    "946684799999", "946684800000", "4102444800000", "1795939440000.0", "1.5e12", "\"1795939440000\"",
                    "\"" + "2".repeat(65) + "\"", "\"2026-11-29T08:00:00.123456789Z\""),
            Kind.MONEY, List.of("1E+400", "10000000", "10000000.0001", "10000001", "0.0001", "0.00001", "1.00001",
                    "1.500000", "-0.0", "0.0000", "-1", "-0.01", "\"100.00\"", "9223372036854775807", "1E2147483648",
                    "1E-2147483649", "0e9999999999", "100", "99.99", "1e2", "0.10"),
            Kind.POSITIVE_INT, List.of("1", "1000000", "1000001", "2147483647", "2147483648", "9223372036854775807",
                    "9223372036854775808", "-9223372036854775808", "18446744073709551616", "\"1\"", "1e0"),
            Kind.NON_NEGATIVE_INT, List.of("0", "1000000", "1000001", "9223372036854775808", "-9223372036854775808", "\"0\"", "0.0"),
            Kind.CURRENCY, List.of("\"usd\"", "\"US\"", "\"USDX\"", "\"U\\u0000D\"", "\"\u00dcSD\"", "\"CNY \"", "\"\uff35SD\"", "\"CN\\ud800\"", "\"EUR\""),
            Kind.ENUM, List.of("\"  shipped \"", "\"LOST\"", "\"\\u017Fhipped\"", "\"\\u0000CREATED\"", "\"CANCELL\\u0131ED\"",
                    "\"" + "A".repeat(65) + "\"", "\"_\"", "\"a b\"", "\"online\"", "\"snapshot\"", "\"receipt\"", "\"basic\"",
                    "\"direct_store\"", "\"DELIVERED\""),
            Kind.TEXT_ARRAY, List.of("\"R-1\"", "[\"\"]", "[\"  \"]", "[null]", "[[\"R-1\"]]", "[{}]", "[\"R-1\",\"R-1\"]",
                    "[\"x\\u0000\"]", "[true]", "[\"R-1\",5]", "[\"R-1\",\"\"]", "[\"R-1\",\"\\ud800\"]",
                    "[\"" + "R".repeat(257) + "\"]", "[\"R-1\", \"R-2\" ,\"R-3\"]", textArray(1000), textArray(1001),
                    "[\"R-1\",1e9999999999]", "[\"R-1\",]"));

    private static String textArray(int size) {
        return IntStream.range(0, size).mapToObj(i -> "\"R-" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static List<String> tokensFor(Kind kind) {
        List<String> tokens = new ArrayList<>(GENERIC);
        Kind family = switch (kind) {
            case OPTIONAL_TEXT -> Kind.TEXT;
            case OPTIONAL_ENUM -> Kind.ENUM;
            default -> kind;
        };
        tokens.addAll(SPECIFIC.get(family));
        if (family == Kind.ENUM || family == Kind.CURRENCY) {
            tokens.addAll(SPECIFIC.get(Kind.TEXT));
        }
        return tokens;
    }

    private static String json(List<Pair> pairs) {
        return pairs.stream().map(p -> "\"" + p.key() + "\":" + p.value()).collect(Collectors.joining(",", "{", "}"));
    }

    private static List<Pair> with(List<Pair> pairs, String key, String value) {
        List<Pair> out = new ArrayList<>();
        boolean found = false;
        for (Pair p : pairs) {
            if (p.key().equals(key)) {
                found = true;
                if (value != null) {
                    out.add(new Pair(key, value));
                }
            } else {
                out.add(p);
            }
        }
        if (!found && value != null) {
            out.add(new Pair(key, value));
        }
        return out;
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (Base base : bases()) {
            String prefix = base.name() + "/";
            List<Pair> valid = base.pairs();
            cases.add(new Case(prefix + "valid", base.stream(), json(valid)));
            List<Pair> reversed = new ArrayList<>(valid);
            Collections.reverse(reversed);
            cases.add(new Case(prefix + "reversed", base.stream(), json(reversed)));
            cases.add(new Case(prefix + "spaced", base.stream(),
                    " \t{ " + json(valid).substring(1).replace(",", " ,\n ").replace(":", " : ") + " \r\n"));
            for (var field : base.kinds().entrySet()) {
                String name = field.getKey();
                cases.add(new Case(prefix + name + "/absent", base.stream(), json(with(valid, name, null))));
                List<String> tokens = tokensFor(field.getValue());
                for (int i = 0; i < tokens.size(); i++) {
                    String token = tokens.get(i);
                    cases.add(new Case(prefix + name + "/" + i, base.stream(), json(with(valid, name, token))));
                }
                // Duplicate keys: the last value counts, whatever came first.
                String good = valid.stream().filter(p -> p.key().equals(name)).findFirst().orElseThrow().value();
                for (String other : List.of("true", "null", "1e999999999", "\"\"", "[1]")) {
                    List<Pair> firstBad = new ArrayList<>(with(valid, name, null));
                    firstBad.add(0, new Pair(name, other));
                    firstBad.add(new Pair(name, good));
                    cases.add(new Case(prefix + name + "/dup-last-good/" + other, base.stream(), json(firstBad)));
                    List<Pair> lastBad = new ArrayList<>(valid);
                    lastBad.add(new Pair(name, other));
                    cases.add(new Case(prefix + name + "/dup-last-" + other, base.stream(), json(lastBad)));
                }
                List<Pair> thrice = new ArrayList<>(valid);
                thrice.add(new Pair(name, "{\"x\":[1,2]}"));
                thrice.add(new Pair(name, good));
                cases.add(new Case(prefix + name + "/dup-thrice", base.stream(), json(thrice)));
            }
            // Unknown fields may hold anything that is valid JSON.
            List<String> unknown = new ArrayList<>(GENERIC);
            for (Kind kind : Kind.values()) { // not SPECIFIC.values(): Map.of iterates in a random order
                unknown.addAll(SPECIFIC.getOrDefault(kind, List.of()));
            }
            for (int i = 0; i < unknown.size(); i++) {
                cases.add(new Case(prefix + "unknown/" + i, base.stream(), json(with(valid, "unknownField", unknown.get(i)))));
            }
            for (int i = 0; i < GENERIC.size(); i++) {
                List<Pair> first = new ArrayList<>(valid);
                first.add(0, new Pair("zz", GENERIC.get(i)));
                cases.add(new Case(prefix + "unknown-first/" + i, base.stream(), json(first)));
            }
            // Two bad fields: which one is reported depends on the contract's order, not the payload's.
            List<String> names = new ArrayList<>(base.kinds().keySet());
            for (int a = 0; a < names.size(); a++) {
                for (int b = a + 1; b < names.size(); b++) {
                    List<Pair> two = with(with(valid, names.get(a), "true"), names.get(b), "\"\"");
                    cases.add(new Case(prefix + "two-bad/" + names.get(a) + "+" + names.get(b), base.stream(), json(two)));
                    Collections.reverse(two);
                    cases.add(new Case(prefix + "two-bad-reversed/" + names.get(a) + "+" + names.get(b), base.stream(), json(two)));
                    List<Pair> missing = with(with(valid, names.get(a), null), names.get(b), "null");
                    cases.add(new Case(prefix + "two-missing/" + names.get(a) + "+" + names.get(b), base.stream(), json(missing)));
                }
            }
            // Seeded random combinations of up to three hostile values.
            Random random = new Random(base.name().hashCode());
            for (int i = 0; i < 150; i++) {
                List<Pair> pairs = new ArrayList<>(valid);
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    String name = names.get(random.nextInt(names.size()));
                    List<String> tokens = tokensFor(base.kinds().get(name));
                    pairs = with(pairs, name, random.nextInt(8) == 0 ? null : tokens.get(random.nextInt(tokens.size())));
                }
                if (random.nextInt(4) == 0) {
                    Collections.shuffle(pairs, random);
                }
                cases.add(new Case(prefix + "random/" + i, base.stream(), json(pairs)));
            }
            // The record itself: not one object, trailing tokens, every truncation.
            String line = json(valid);
            List<String> whole = List.of("", " ", "\n", "\t \r\n", "null", "true", "1", "-1.5", "\"text\"", "[]", "[{}]",
                    "[" + line + "]", "1e9999999999", "[1e9999999999]", "12345678901234567890", "{}", "{ }",
                    line + line, line + " " + line, line + "\n" + line, line + " trailing", line + "]", line + "}",
                    line + " 1", line + " \"s\"", line + " null", line + " []", line + " ,", line + " 1e9999999999",
                    line + " /* c */", line + " \n\t ", "\uFEFF" + line, "1 2", "null null", "[] []", "\"a\" \"b\"",
                    "{} {}", "{} x", "[1e9999999999] 1", "[", "{", "}", "]", ":", ",", "\"", "{\"", "{\"a\"", "{\"a\":",
                    "{\"a\":1", "{\"a\":1,", "{'a':1}", "{a:1}", "{\"a\":1 /* c */}", "// c\n" + line, "# c\n" + line,
                    line.replace(":", "="), line.replace(",", ";"), "{\"\":1}", "{\"a\u0001\":1}",
                    "[" + "[".repeat(998) + "]".repeat(999), "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                    "{\"a\":" + "{\"b\":".repeat(1000) + "1" + "}".repeat(1001),
                    "{\"" + "k".repeat(50_001) + "\":1}", "{\"k\":\"" + "v".repeat(100_000) + "\"}");
            for (int i = 0; i < whole.size(); i++) {
                cases.add(new Case(prefix + "whole/" + i, base.stream(), whole.get(i)));
            }
            for (int cut = 1; cut < line.length(); cut += (base.name().equals("pos-sales") ? 1 : 7)) {
                cases.add(new Case(prefix + "cut/" + cut, base.stream(), line.substring(0, cut)));
            }
        }
        return cases;
    }

    // ---------------------------------------------------------------- outcomes

    /** Everything a caller can observe, as one line of text. */
    static String outcome(Case c) {
        Parsed<?> parsed = c.stream().parse(c.payload(), ORIGIN, InputBounds.defaults(), NOT_AFTER);
        if (parsed.isOk()) {
            boolean kept = c.payload().equals(parsed.payload()) && ORIGIN.equals(parsed.origin()) && parsed.deadLetter() == null;
            return "ok " + parsed.event().getClass().getSimpleName() + parsed.event() + (kept ? "" : " MISMATCH: payload or origin not kept");
        }
        DeadLetter dead = parsed.deadLetter();
        boolean consistent = parsed.event() == null && dead.stream().equals("x") && dead.file().equals("x.jsonl")
                && dead.line() == 7L && c.payload().startsWith(dead.payload());
        return "dead reason=" + dead.reason() + " field=" + dead.field() + " eventTime=" + dead.eventTime()
                + " payloadBytes=" + dead.payloadBytes() + " sha=" + dead.payloadSha256()
                + (consistent ? "" : " MISMATCH: origin or payload wrong") + " message=" + dead.message();
    }

    @Test
    void everyPayloadOfTheCorpusParsesExactlyAsPinned() throws IOException {
        List<Case> corpus = corpus();
        String write = System.getProperty("parse.pin.write");
        if (write != null && !write.isBlank()) {
            writeGolden(corpus, Path.of(write)); // target/test-classes still holds the old file: compare on the next run
            return;
        }
        Map<String, String> expected = readGolden();
        assertThat(corpus.stream().map(Case::id).distinct().count()).as("case ids are unique").isEqualTo(corpus.size());
        assertThat(expected.keySet()).as("the pinned cases are the corpus").containsExactlyInAnyOrderElementsOf(
                corpus.stream().map(Case::id).toList());
        List<String> differences = new ArrayList<>();
        for (Case c : corpus) {
            String actual = outcome(c);
            if (!actual.equals(expected.get(c.id()))) {
                differences.add(c.id() + "\n    payload:  " + abbreviate(c.payload()) + "\n    expected: "
                        + expected.get(c.id()) + "\n    actual:   " + actual);
            }
        }
        assertThat(differences).as("%d of %d outcomes differ from the pin; the first ones:\n%s", differences.size(),
                corpus.size(), String.join("\n", differences.subList(0, Math.min(20, differences.size())))).isEmpty();
    }

    private static String abbreviate(String payload) {
        return payload.length() > 300 ? payload.substring(0, 300) + "… (" + payload.length() + " chars)" : payload;
    }

    private static Map<String, String> readGolden() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = ParseOutcomePinTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("resource %s", GOLDEN).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = Json.mapper().readTree(line);
                out.put(node.get("id").textValue(), node.get("outcome").textValue());
            }
        }
        return out;
    }

    private static void writeGolden(List<Case> corpus, Path file) throws IOException {
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (Case c : corpus) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("id", c.id());
                line.put("outcome", outcome(c));
                // Escaped, so lone surrogates and control characters in messages survive the file.
                out.write(Json.mapper().writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII).writeValueAsString(line));
                out.write('\n');
            }
        }
    }
}
