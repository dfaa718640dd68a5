package io.channelpulse.gateway;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.config.ChannelPulseConfig;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.PanelSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway}: serve the job's committed alerts and KPIs as Prometheus metrics. */
@Command(
        name = "gateway",
        subcommands = {HashPasswordCommand.class},
        mixinStandardHelpOptions = true,
        description = {
            "Read the committed alerts and channel KPIs from Kafka (read_committed), expose them on /metrics",
            "for Prometheus, and deliver alerts to the webhook and Alertmanager targets of the config's",
            "'delivery' section. Stop with Ctrl-C."
        })
public final class GatewayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Overrides kafka.bootstrap-servers.")
    String bootstrapServers;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Port of /metrics (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--panel-port", defaultValue = "8080", description = "Port of the live panels for channel managers; -1 turns them off (default: ${DEFAULT-VALUE}).")
    int panelPort;

    @Option(names = "--panel-host", defaultValue = "0.0.0.0", description = "Address the live panels listen on (default: ${DEFAULT-VALUE}).")
    String panelHost;

    // /metrics shows every channel's revenue without a login, so it stays on loopback unless exposed on purpose.
    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = {
            "Address /metrics listens on (default: ${DEFAULT-VALUE}). It shows every channel's figures without a login:",
            "expose it deliberately, e.g. the pod IP or 0.0.0.0 in Kubernetes where only Prometheus reaches it."})
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        // The whole file is validated before any port is checked or thread started.
        ChannelPulseConfig file = config.loadAll(cmd);
        PulseConfig pulse = ConfigFileOption.withBootstrapServers(file.job(), bootstrapServers);
        DeliverySettings delivery = file.delivery();
        PanelSettings panel = file.panel();
        requireFree(cmd, metricsHost, metricsPort, "--metrics-port");
        requireFree(cmd, panelHost, panelPort, "--panel-port");
        CountDownLatch stop = new CountDownLatch(1);
        try (Gateway gateway = Gateway.start(pulse, delivery, panel, metricsHost, metricsPort, panelHost, panelPort)) {
            if (gateway.panelPort() >= 0) {
                cmd.getOut().printf("Live panels at http://%s:%d/ (%d users)%n", panelHost, gateway.panelPort(), panel.managers().size());
            }
            cmd.getOut().printf("Metrics at http://%s:%d/metrics%n", metricsHost, gateway.metricsPort());
            cmd.getOut().printf("Alert delivery: %d target(s), %d route(s)%n", delivery.targets().size(), delivery.routes().size());
            cmd.getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "gateway-shutdown"));
            stop.await();
        }
        return 0;
    }

    /**
     * A port another process holds is a usage error named by its option, found before any thread
     * starts. The probe binds without address reuse, as the servers later do.
     */
    private static void requireFree(CommandLine cmd, String host, int port, String option) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cmd, option + " " + port + " on " + host + " is not free: " + e.getMessage());
        }
    }

    /** The gateway jar's entry point: {@code java -jar channel-pulse-gateway.jar --config pulse.yaml}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }
}
