package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gateway}'s options: /metrics shows every channel's revenue without login, so it is private unless asked. */
class GatewayCommandTest {

    private static GatewayCommand parse(String... args) {
        CommandLine.ParseResult result = ChannelPulseCli.commandLine().parseArgs(args);
        return (GatewayCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void metricsListenOnLoopbackByDefault() throws Exception {
        GatewayCommand gateway = parse("gateway");
        assertThat(InetAddress.getByName(gateway.metricsHost).isLoopbackAddress())
                .as("default --metrics-host %s", gateway.metricsHost).isTrue();
    }

    @Test
    void metricsAreExposedOnlyWhenAHostIsGivenExplicitly() {
        assertThat(parse("gateway", "--metrics-host", "0.0.0.0").metricsHost).isEqualTo("0.0.0.0");
    }
}
