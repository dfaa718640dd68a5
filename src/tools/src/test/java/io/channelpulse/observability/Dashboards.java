package io.channelpulse.observability;

import io.channelpulse.support.ProjectFiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** Reads the Grafana dashboards in {@code dashboards/} and their panels' PromQL. */
final class Dashboards {

    static final Path DIR = ProjectFiles.path("dashboards");

    record Dashboard(Path file, JsonNode json) {
        String uid() {
            return json.path("uid").asText();
        }

        String title() {
            return json.path("title").asText();
        }
    }

    record Target(Dashboard dashboard, JsonNode panel, String expr) {
        String where() {
            return dashboard.file().getFileName() + " / panel '" + panel.path("title").asText() + "'";
        }
    }

    private Dashboards() {}

    static List<Dashboard> all() throws IOException {
        List<Dashboard> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f, Json.mapper().readTree(f.toFile())));
            }
        }
        return out;
    }

    /** Every panel, including those nested in rows. */
    static List<JsonNode> panels(Dashboard d) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : d.json().path("panels")) {
            out.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    static List<Target> targets() throws IOException {
        List<Target> out = new ArrayList<>();
        for (Dashboard d : all()) {
            for (JsonNode panel : panels(d)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        out.add(new Target(d, panel, target.get("expr").asText()));
                    }
                }
            }
        }
        return out;
    }

    /** The expression with Grafana's template variables replaced as a user's "All" selection would. */
    /**
     * Evaluates every target (variables substituted) with {@code query} until all return data or
     * {@code timeout} passes, waiting {@code pause} between rounds; an invalid expression ends the
     * wait at once, since it will not fix itself. Returns the failures of the last round, by
     * panel and expression.
     */
    static Map<String, String> failingTargets(List<Target> targets, Function<String, JsonNode> query, Duration timeout,
            Duration pause) throws InterruptedException {
        Map<String, String> failures = new LinkedHashMap<>();
        long until = System.nanoTime() + timeout.toNanos();
        do {
            failures.clear();
            for (Target target : targets) {
                String expr = substitute(target.expr());
                JsonNode response = query.apply(expr);
                if (!"success".equals(response.path("status").asText())) {
                    failures.put(target.where() + ": " + expr, "invalid: " + response.path("error").asText());
                } else if (response.path("data").path("result").isEmpty()) {
                    failures.put(target.where() + ": " + expr, "returned no data");
                }
            }
            if (failures.values().stream().anyMatch(f -> f.startsWith("invalid"))) {
                break;
            }
            if (!failures.isEmpty()) {
                Thread.sleep(pause.toMillis());
            }
        } while (!failures.isEmpty() && System.nanoTime() < until);
        return failures;
    }

    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m")
                .replace("$__interval", "15s")
                .replace("${channel_type}", ".*").replace("$channel_type", ".*")
                .replace("${channel}", ".*").replace("$channel", ".*");
    }
}
