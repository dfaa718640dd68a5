package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad configuration file stops every long-running command with exit 2 and the key named, before
 * a broker, Flink or a server is started: nothing listens on the ports the command would open.
 */
class BadConfigStartsNothingTest {

    @ParameterizedTest(name = "{0} --config bad.yaml")
    @ValueSource(strings = {"demo", "gateway", "run"})
    void badFileExitsTwoNamingTheKeyBeforeAnythingStarts(String command, @TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "panel:\n  max-login-failures: 0\n");
        int kafkaPort = EmbeddedKafka.freePort();
        int metricsPort = EmbeddedKafka.freePort();
        int panelPort = EmbeddedKafka.freePort();
        CliRun cli = new CliRun();

        int code = switch (command) {
            case "demo" -> cli.run("demo", "--config", bad.toString(), "--kafka-port", "" + kafkaPort,
                    "--metrics-port", "" + metricsPort, "--panel-port", "" + panelPort, "--web-port", "0",
                    "--flink-metrics-port", "0", "--data-dir", tmp.resolve("data").toString());
            case "gateway" -> cli.run("gateway", "--config", bad.toString(), "--bootstrap-servers", "127.0.0.1:" + kafkaPort,
                    "--metrics-port", "" + metricsPort, "--panel-port", "" + panelPort);
            default -> cli.run("run", "--config", bad.toString());
        };

        assertThat(code).isEqualTo(2);
        assertThat(cli.err.toString()).contains("panel.max-login-failures").contains("at least 1")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(cli.out.toString()).doesNotContain("Kafka broker").doesNotContain("Flink web UI");
        assertThat(listening(kafkaPort)).as("broker port").isFalse();
        assertThat(listening(metricsPort)).as("metrics port").isFalse();
        assertThat(listening(panelPort)).as("panel port").isFalse();
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
