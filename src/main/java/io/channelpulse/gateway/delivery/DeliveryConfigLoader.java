package io.channelpulse.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.Durations;
import io.channelpulse.config.Secrets;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code delivery:} section of the configuration file: targets, routes and timings.
 * Every error names its key, for example {@code delivery.routes[1].targets[0]: unknown target 'pager'}.
 */
public final class DeliveryConfigLoader {

    private DeliveryConfigLoader() {}

    public static DeliverySettings load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static DeliverySettings parse(String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
        }
        DeliverySettings d = DeliverySettings.none();
        JsonNode node = root == null ? null : root.get("delivery");
        if (node == null || node.isNull()) {
            return d;
        }
        require(node.isObject(), "delivery", "must be a mapping");
        Set<String> known = Set.of("targets", "routes", "group-window", "max-age", "request-timeout", "initial-backoff",
                "max-backoff", "resend-interval", "undeliverable-topic", "panel-url", "runbook-base-url", "park-unrouted",
                "max-in-flight");
        unknownKeys(node, "delivery", known);

        List<Target> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode ts = node.path("targets");
        for (int i = 0; i < ts.size(); i++) {
            String key = "delivery.targets[" + i + "]";
            JsonNode t = ts.get(i);
            unknownKeys(t, key, Set.of("name", "type", "url", "secrets"));
            String name = text(t, key + ".name");
            require(names.add(name), key + ".name", "duplicate target name '" + name + "'");
            String type = text(t, key + ".type").toUpperCase(Locale.ROOT);
            require(type.equals("WEBHOOK") || type.equals("ALERTMANAGER"), key + ".type", "must be webhook or alertmanager");
            String url = text(t, key + ".url");
            try {
                URI uri = URI.create(url);
                require(uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null, key + ".url", "must be an http(s) URL");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".url", "is not a URL: " + url);
            }
            List<String> secrets = new ArrayList<>();
            JsonNode ss = t.path("secrets");
            for (int j = 0; j < ss.size(); j++) {
                secrets.add(Secrets.resolve(key + ".secrets[" + j + "]", ss.get(j).asText()));
            }
            targets.add(new Target(name, Target.Kind.valueOf(type), url, List.copyOf(secrets)));
        }

        List<Route> routes = new ArrayList<>();
        JsonNode rs = node.path("routes");
        for (int i = 0; i < rs.size(); i++) {
            String key = "delivery.routes[" + i + "]";
            JsonNode r = rs.get(i);
            unknownKeys(r, key, Set.of("match", "targets"));
            JsonNode match = r.path("match");
            unknownKeys(match, key + ".match", Set.of("rule", "severity", "channel", "channel-type"));
            String rule = optional(match, "rule");
            require(rule == null || Arrays.stream(Rule.values()).anyMatch(x -> x.name().equals(rule)), key + ".match.rule",
                    "must be one of " + Arrays.toString(Rule.values()));
            String severity = optional(match, "severity");
            require(severity == null || Arrays.stream(Severity.values()).anyMatch(x -> x.name().equals(severity)),
                    key + ".match.severity", "must be one of " + Arrays.toString(Severity.values()));
            String channelType = optional(match, "channel-type");
            // A typo here would silently route nothing: alerts carry one of these or none.
            require(channelType == null || Arrays.stream(ChannelType.values()).anyMatch(x -> x.name().equals(channelType)),
                    key + ".match.channel-type", "must be one of " + Arrays.toString(ChannelType.values()));
            List<String> to = new ArrayList<>();
            JsonNode tt = r.path("targets");
            require(tt.isArray() && !tt.isEmpty(), key + ".targets", "must list at least one target");
            for (int j = 0; j < tt.size(); j++) {
                String name = tt.get(j).asText();
                require(names.contains(name), key + ".targets[" + j + "]", "unknown target '" + name + "'");
                to.add(name);
            }
            routes.add(new Route(rule, severity, optional(match, "channel"), channelType, List.copyOf(to)));
        }
        return new DeliverySettings(List.copyOf(targets), List.copyOf(routes),
                duration(node, "group-window", d.groupWindow()),
                duration(node, "max-age", d.maxAge()),
                duration(node, "request-timeout", d.requestTimeout()),
                duration(node, "initial-backoff", d.initialBackoff()),
                duration(node, "max-backoff", d.maxBackoff()),
                duration(node, "resend-interval", d.resendInterval()),
                node.hasNonNull("undeliverable-topic") ? node.get("undeliverable-topic").asText() : d.undeliverableTopic(),
                node.hasNonNull("panel-url") ? node.get("panel-url").asText() : d.panelUrl(),
                node.hasNonNull("runbook-base-url") ? node.get("runbook-base-url").asText() : d.runbookBaseUrl(),
                bool(node, "park-unrouted", d.parkUnrouted()),
                maxInFlight(node, d.maxInFlight()));
    }

    private static Duration duration(JsonNode node, String name, Duration fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : Durations.parse("delivery." + name, v.asText());
    }

    private static boolean bool(JsonNode node, String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        require(v.isBoolean(), "delivery." + name, "must be true or false");
        return v.booleanValue();
    }

    private static int maxInFlight(JsonNode node, int fallback) {
        JsonNode v = node.get("max-in-flight");
        if (v == null || v.isNull()) {
            return fallback;
        }
        require(v.canConvertToInt() && v.isIntegralNumber() && v.intValue() >= 1 && v.intValue() <= 1_000_000,
                "delivery.max-in-flight", "must be a whole number from 1 to 1000000");
        return v.intValue();
    }

    private static String text(JsonNode node, String key) {
        String field = key.substring(key.lastIndexOf('.') + 1);
        JsonNode v = node.get(field);
        require(v != null && v.isValueNode() && !v.asText().isBlank(), key, "is required");
        return v.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void unknownKeys(JsonNode node, String key, Set<String> known) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        require(node.isObject(), key, "must be a mapping");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            require(known.contains(name), key + "." + name, "unknown key");
        }
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
