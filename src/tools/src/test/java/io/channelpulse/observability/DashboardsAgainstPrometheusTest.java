package io.channelpulse.observability;

import io.channelpulse.support.ProjectFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.support.RequiresBinaries;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.cli.ChannelPulseCli;
import io.channelpulse.serde.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel of every dashboard, evaluated by a real Prometheus (Debian's package) that scrapes a
 * running {@code demo}: its gateway and the job's Flink Prometheus reporter. Each expression must
 * be valid and must return data; a failure names the dashboard and panel.
 */
@RequiresBinaries("prometheus")
class DashboardsAgainstPrometheusTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Process demo;
    static Process prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void startDemoAndPrometheus(@TempDir Path dir) throws Exception {
        int gatewayPort = EmbeddedKafka.freePort();
        int reporterPort = EmbeddedKafka.freePort();
        int prometheusPort = EmbeddedKafka.freePort();
        demo = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                ChannelPulseCli.class.getName(), "demo",
                "--kafka-port", "0", "--web-port", "0", "--panel-port", "0", "--data-dir", dir.resolve("demo").toString(),
                "--metrics-port", Integer.toString(gatewayPort), "--flink-metrics-port", Integer.toString(reporterPort),
                "--rate", "100", "--history", "3d", "--status-interval", "5s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("demo.out").toFile()).start();

        Path rules = ProjectFiles.path("deploy/prometheus/rules").toAbsolutePath();
        List<String> ruleFiles = new ArrayList<>();
        try (Stream<Path> s = Files.list(rules)) {
            s.filter(p -> p.toString().endsWith(".yml") && !p.toString().endsWith(".test.yml")).forEach(p -> ruleFiles.add(p.toString()));
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: %s
                scrape_configs:
                  - job_name: channel-pulse-gateway
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: channel-pulse-flink
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(Json.mapper().writeValueAsString(ruleFiles), gatewayPort, reporterPort));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.out").toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;

        // Wait for both targets to be up and for the business metrics to have a few minutes of history.
        long until = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < until) {
            if (result("sum(up{job=~\"channel-pulse-.*\"})").path(0).path("value").path(1).asText().equals("2")
                    && !result("channelpulse_kpi_windows_total").isEmpty()
                    && !result("flink_taskmanager_job_task_operator_channelpulse_stream_events_in").isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(result("sum(up{job=~\"channel-pulse-.*\"})").path(0).path("value").path(1).asText())
                .as("both targets up; demo output:%n%s", Files.exists(dir.resolve("demo.out")) ? Files.readString(dir.resolve("demo.out")) : "")
                .isEqualTo("2");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {prometheus, demo}) {
            if (p != null) {
                p.toHandle().destroy();
                p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    /** The {@code data.result} array of an instant query, or a MissingNode-like empty array on error. */
    static JsonNode result(String promql) {
        JsonNode body = query(promql);
        return body.path("data").path("result");
    }

    static JsonNode query(String promql) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body());
        } catch (Exception e) {
            return Json.mapper().createObjectNode().put("status", "error").put("error", e.toString());
        }
    }

    @Test
    void everyPanelExpressionIsValidAndReturnsData() throws Exception {
        // The demo replays days, not business months: the Channel plan's panels are proven by
        // ChannelPlanDashboardAgainstPrometheusTest, with closed months on the plan's topics.
        List<Dashboards.Target> targets = Dashboards.targets().stream()
                .filter(t -> !t.dashboard().uid().equals(ChannelPlanDashboardAgainstPrometheusTest.UID)).toList();
        assertThat(targets).hasSizeGreaterThan(15);
        // Rates need a couple of scrapes and the demo needs time to raise alerts: retry what is empty.
        Map<String, String> failures = Dashboards.failingTargets(targets, DashboardsAgainstPrometheusTest::query,
                Duration.ofSeconds(120), Duration.ofSeconds(5));
        assertThat(failures).as("panels whose PromQL failed").isEmpty();
    }

    @Test
    void alertingRulesLoadAndEvaluateWithoutErrors() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/rules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode rules = Json.mapper().readTree(response.body()).path("data").path("groups");
            assertThat(rules).isNotEmpty();
            for (JsonNode group : rules) {
                for (JsonNode rule : group.path("rules")) {
                    assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText())
                            .isIn("ok", "unknown");
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
