package io.channelpulse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.serde.EventStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link PulseConfig} from YAML, starting from the defaults. Unknown keys and invalid
 * values are rejected with a {@link ConfigException} naming the dotted key, so a typo never
 * silently falls back to a default. The README documents every key.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static PulseConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no such file: " + file);
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static PulseConfig parse(String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
        }
        PulseConfig d = PulseConfig.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return d;
        }
        Section top = new Section("", root);

        Section topics = top.section("topics");
        Map<String, String> inputs = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            inputs.put(stream.name(), topics.text(stream.name(), d.topics().input(stream)));
        }
        PulseConfig.Topics topicNames = new PulseConfig.Topics(
                Map.copyOf(inputs),
                topics.text("alerts", d.topics().alerts()),
                topics.text("channel-kpis", d.topics().kpis()),
                topics.text("dead-letters", d.topics().deadLetters()));
        topics.done();

        Section rules = top.section("rules");
        Section price = rules.section("price-below-guide");
        BigDecimal threshold = price.fraction("threshold", d.priceBelowGuide().threshold());
        BigDecimal critical = price.fraction("critical-threshold", d.priceBelowGuide().criticalThreshold());
        if (critical.compareTo(threshold) < 0) {
            throw new ConfigException(price.key("critical-threshold"),
                    "must be >= rules.price-below-guide.threshold (" + threshold.toPlainString() + ")");
        }
        Duration episodeTimeout = price.duration("episode-timeout", d.priceBelowGuide().episodeTimeout());
        price.done();
        Section diversion = rules.section("cross-channel-diversion");
        Duration horizon = diversion.duration("horizon", d.diversion().horizon());
        diversion.done();
        Section sla = rules.section("order-response-sla");
        Duration slaLimit = sla.duration("sla", d.orderResponse().sla());
        Duration resolveHorizon = sla.duration("resolve-horizon", d.orderResponse().resolveHorizon());
        sla.done();
        rules.done();

        Section kpi = top.section("kpi");
        Duration window = kpi.duration("window", d.kpiWindow());
        kpi.done();

        Section eventTime = top.section("event-time");
        Duration outOfOrderness = eventTime.duration("out-of-orderness", d.outOfOrderness());
        Duration idle = eventTime.duration("idle-timeout", d.idleTimeout());
        eventTime.done();

        Section dedup = top.section("dedup");
        Duration dedupHorizon = dedup.duration("horizon", d.dedupHorizon());
        dedup.done();

        Section kafka = top.section("kafka");
        KafkaSettings k = d.kafka();
        KafkaSettings kafkaSettings = new KafkaSettings(
                kafka.text("bootstrap-servers", k.bootstrapServers()),
                kafka.text("group-id", k.groupId()),
                kafka.text("transactional-id-prefix", k.transactionalIdPrefix()),
                kafka.duration("transaction-timeout", k.transactionTimeout()),
                Secrets.resolveAll(kafka.key("properties"), kafka.stringMap("properties")));
        kafka.done();

        Section checkpoint = top.section("checkpoint");
        Checkpointing c = d.checkpoint();
        Checkpointing checkpointing = new Checkpointing(
                checkpoint.duration("interval", c.interval()),
                checkpoint.duration("timeout", c.timeout()),
                checkpoint.duration("restart-budget", c.restartBudget()),
                checkpoint.uri("dir", c.directory()),
                checkpoint.oneOf("state-backend", c.stateBackend(), Checkpointing.HASHMAP, Checkpointing.ROCKSDB),
                (int) checkpoint.integer("tolerable-failures", c.tolerableFailures(), 0, 1_000));
        checkpoint.done();

        Section input = top.section("input");
        InputBounds b = d.input();
        Instant earliest = input.instant("earliest-event-time", b.earliestEventTime());
        Instant latest = input.instant("latest-event-time", b.latestEventTime());
        if (!latest.isAfter(earliest)) {
            throw new ConfigException(input.key("latest-event-time"),
                    "must be after input.earliest-event-time (" + earliest + ")");
        }
        InputBounds inputBounds = new InputBounds(
                (int) input.integer("money-scale", b.moneyScale(), 0, 18),
                input.positiveDecimal("max-unit-price", b.maxUnitPrice()),
                input.integer("max-quantity", b.maxQuantity(), 1, Integer.MAX_VALUE),
                earliest,
                latest,
                input.duration("max-future-skew", b.maxFutureSkew()),
                (int) input.integer("max-dead-letter-payload", b.maxDeadLetterPayload(), 256, 512 * 1024));
        input.done();
        Section gateway = top.section("gateway");
        PulseConfig.GatewayLimits g = d.gateway();
        PulseConfig.GatewayLimits gatewayLimits = new PulseConfig.GatewayLimits(
                (int) gateway.integer("max-channels", g.maxChannels(), 1, 1_000_000),
                (int) gateway.integer("max-partners", g.maxPartners(), 1, 10_000_000));
        gateway.done();
        top.skip("delivery"); // parsed by DeliveryConfigLoader, used only by the gateway
        top.skip("panel"); // parsed by PanelSettings, used only by the gateway
        top.done();

        return new PulseConfig(
                topicNames,
                new PulseConfig.PriceRule(threshold, critical, episodeTimeout),
                new PulseConfig.DiversionRule(horizon),
                new PulseConfig.SlaRule(slaLimit, resolveHorizon),
                window, outOfOrderness, idle, dedupHorizon, kafkaSettings, checkpointing, inputBounds, gatewayLimits);
    }

    /** A YAML mapping at a dotted path that remembers which keys were read. */
    private static final class Section {
        private final String path;
        private final JsonNode node;
        private final Set<String> read = new HashSet<>();

        Section(String path, JsonNode node) {
            this.path = path;
            this.node = node;
            if (node != null && !node.isObject()) {
                throw new ConfigException(path.isEmpty() ? "(file)" : path, "must be a mapping");
            }
        }

        String key(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private JsonNode get(String name) {
            read.add(name);
            JsonNode value = node == null ? null : node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        Section section(String name) {
            return new Section(key(name), get(name));
        }

        String text(String name, String fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw new ConfigException(key(name), "must be a non-blank string");
            }
            return value.textValue();
        }

        Duration duration(String name, Duration fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isTextual()) {
                throw new ConfigException(key(name), "must be a duration such as 90s, 15m, 1h or 90d (a bare number has no unit)");
            }
            return Durations.parse(key(name), value.textValue());
        }

        /** A flat mapping of strings (numbers and booleans are taken as their text). */
        Map<String, String> stringMap(String name) {
            JsonNode value = get(name);
            if (value == null) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw new ConfigException(key(name), "must be a mapping of property names to values");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new ConfigException(key(name) + "." + e.getKey(), "must be a single value");
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }

        BigDecimal fraction(String name, BigDecimal fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            BigDecimal number;
            if (value.isNumber()) {
                number = value.decimalValue();
            } else {
                try {
                    number = new BigDecimal(value.asText().trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(key(name), "must be a number between 0 and 1, got '" + value.asText() + "'");
                }
            }
            if (number.signum() <= 0 || number.compareTo(BigDecimal.ONE) >= 0) {
                throw new ConfigException(key(name), "must be between 0 and 1 (exclusive), got " + number.toPlainString());
            }
            return number;
        }

        /** A whole number within [min, max]. */
        long integer(String name, long fallback, long min, long max) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new ConfigException(key(name), "must be a whole number, got '" + value.asText() + "'");
            }
            long number = value.longValue();
            if (number < min || number > max) {
                throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
            }
            return number;
        }

        BigDecimal positiveDecimal(String name, BigDecimal fallback) {
            JsonNode value = get(name);
            if (value == null) {
                return fallback;
            }
            BigDecimal number;
            try {
                number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name), "must be a number, got '" + value.asText() + "'");
            }
            if (number.signum() <= 0 || number.precision() - number.scale() > 15) {
                throw new ConfigException(key(name), "must be > 0 and below 10^15, got " + number.toPlainString());
            }
            return number;
        }

        /** An ISO-8601 instant with offset, such as 2000-01-01T00:00:00Z. */
        Instant instant(String name, Instant fallback) {
            String text = text(name, null);
            if (text == null) {
                return fallback;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new ConfigException(key(name), "must be an ISO-8601 time with offset such as 2000-01-01T00:00:00Z, got '" + text + "'");
            }
        }

        /** A URI with a scheme, such as file:///var/lib/channel-pulse/checkpoints or s3://bucket/path. */
        String uri(String name, String fallback) {
            String text = text(name, null);
            if (text == null) {
                return fallback;
            }
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null) {
                    throw new URISyntaxException(text, "no scheme");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(key(name), "must be a URI with a scheme such as file:///var/lib/channel-pulse/checkpoints or s3://bucket/checkpoints, got '" + text + "'");
            }
            return text;
        }

        String oneOf(String name, String fallback, String... allowed) {
            String text = text(name, null);
            if (text == null) {
                return fallback;
            }
            for (String a : allowed) {
                if (a.equals(text)) {
                    return text;
                }
            }
            throw new ConfigException(key(name), "must be one of " + String.join(", ", allowed) + ", got '" + text + "'");
        }

        /** Marks a key as known without reading it here. */
        void skip(String name) {
            read.add(name);
        }

        void done() {
            if (node == null) {
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!read.contains(name)) {
                    throw new ConfigException(key(name), "unknown key");
                }
            }
        }
    }
}
