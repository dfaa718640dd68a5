package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} as a user runs it: a separate JVM that starts a broker, the simulator and the job,
 * prints status lines with alerts, and stops cleanly and quickly on SIGTERM (what Ctrl-C's
 * shutdown path also runs).
 */
class DemoSmokeTest {

    private static final Pattern ALERTS = Pattern.compile("alerts=(\\d+)");

    @Test
    void demoProducesAlertsAndStopsOnSignalWithinBoundedTime(@TempDir Path data) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                ChannelPulseCli.class.getName(), "demo",
                "--kafka-port", "0", "--web-port", "0", "--panel-port", "0", "--metrics-port", "0", "--flink-metrics-port", "0", "--data-dir", data.toString(),
                "--rate", "2000", "--history", "2d", "--status-interval", "1s")
                .redirectErrorStream(true);
        Path output = data.resolve("demo.out");
        pb.redirectOutput(output.toFile());
        Process demo = pb.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (alertsIn(lines(output)) == 0 && demo.isAlive() && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            List<String> running = lines(output);
            assertThat(alertsIn(running)).as("alerts in the status line; output:%n%s", String.join("\n", running)).isPositive();
            assertThat(running).anyMatch(l -> l.startsWith("Flink web UI at http://127.0.0.1:"));
            assertThat(running).anyMatch(l -> l.startsWith("Kafka broker (KRaft) at 127.0.0.1:"));

            // The demo's own panel users: the printed password logs 'dealers' in to the dealer channels only.
            String panelLine = running.stream().filter(l -> l.startsWith("Live panels at ")).findFirst().orElseThrow();
            String panel = panelLine.substring("Live panels at ".length(), panelLine.indexOf('/', "Live panels at http://".length()));
            String passwordLine = running.stream().filter(l -> l.contains("password: ")).findFirst().orElseThrow();
            String password = passwordLine.substring(passwordLine.indexOf("password: ") + "password: ".length()).trim();
            var http = java.net.http.HttpClient.newHttpClient();
            var login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(panel + "/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"dealers\",\"password\":\"" + password + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String channels = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(panel + "/api/channels"))
                    .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(channels).contains("CH-DEALER-1").doesNotContain("CH-ONLINE");

            long signalledAt = System.nanoTime();
            demo.toHandle().destroy(); // SIGTERM: runs the shutdown hook, the same path as Ctrl-C
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stopped within 60 s of SIGTERM").isTrue();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
            List<String> all = lines(output);
            assertThat(all).as("output:%n%s", String.join("\n", all)).contains("Stopping...", "Stopped.");
            System.out.printf("demo stopped %d ms after SIGTERM%n", stopMillis);
        } finally {
            demo.destroyForcibly();
        }
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static long alertsIn(List<String> lines) {
        long alerts = 0;
        for (String line : lines) {
            Matcher m = ALERTS.matcher(line);
            if (line.contains("| out:") && m.find()) {
                alerts = Math.max(alerts, Long.parseLong(m.group(1)));
            }
        }
        return alerts;
    }

    @Test
    void busyKafkaPortIsAClearUsageError() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var err = new java.io.StringWriter();
            var cmd = ChannelPulseCli.commandLine();
            cmd.setErr(new java.io.PrintWriter(err, true));
            int code = cmd.execute("demo", "--kafka-port", Integer.toString(socket.getLocalPort()));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("--kafka-port " + socket.getLocalPort() + " is already in use");
        }
    }
}
