package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gateway}'s options: /metrics shows every channel's revenue without login, so it is private unless asked. */
class GatewayCommandTest {

    private static GatewayCommand parse(String... args) {
        GatewayCommand gateway = new GatewayCommand();
        new CommandLine(gateway).parseArgs(args);
        return gateway;
    }

    @Test
    void metricsListenOnLoopbackByDefault() throws Exception {
        GatewayCommand gateway = parse();
        assertThat(InetAddress.getByName(gateway.metricsHost).isLoopbackAddress())
                .as("default --metrics-host %s", gateway.metricsHost).isTrue();
    }

    @Test
    void metricsAreExposedOnlyWhenAHostIsGivenExplicitly() {
        assertThat(parse("--metrics-host", "0.0.0.0").metricsHost).isEqualTo("0.0.0.0");
    }

    @Test
    void aMetricsPortAnotherProcessHoldsIsAUsageErrorNamingTheOption() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = new CommandLine(new GatewayCommand()).setErr(new java.io.PrintWriter(err))
                    .execute("--metrics-port", String.valueOf(taken.getLocalPort()), "--panel-port", "-1");
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("--metrics-port " + taken.getLocalPort()).contains("is not free");
        }
    }
}
