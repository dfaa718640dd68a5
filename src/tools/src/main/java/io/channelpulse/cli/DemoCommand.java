package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.ChannelPulseConfig;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.Gateway;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.serde.EventStream;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: everything on one machine with one command. A real embedded Kafka broker, the
 * simulator producing to it, and the live job in a local Flink MiniCluster with its web UI, plus a
 * status line every few seconds. Ctrl-C stops it all cleanly.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Channel Pulse end to end on this machine: an embedded Kafka broker (KRaft), the simulator",
            "producing realistic streams with anomalies, and the monitoring job in a local Flink MiniCluster.",
            "Prints a status line every few seconds. Stop with Ctrl-C."
        })
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SimulatorOptions world = new SimulatorOptions();

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded Kafka broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--web-port", defaultValue = "8081", description = "Port of the Flink web UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Port of the gateway's /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--flink-metrics-port", defaultValue = "9249", description = "Port of the job's Flink Prometheus reporter; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int flinkMetricsPort;

    @Option(names = {"--config", "--gateway-config"}, paramLabel = "FILE",
            description = "YAML configuration (see README): 'delivery' (where to page), 'panel' (panel users), rules, KPI window, business time zone. Validated before anything starts.")
    Path configFile;

    @Option(names = "--panel-port", defaultValue = "8080", description = "Port of the live panels; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int panelPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker keeps its data (default: a new temporary directory).")
    Path dataDir;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "EVENTS/S", description = "Simulated events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--status-interval", defaultValue = "5s", converter = io.channelpulse.config.Durations.Converter.class,
            paramLabel = "DURATION", description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--run-for", converter = io.channelpulse.config.Durations.Converter.class, paramLabel = "DURATION",
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration runFor;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;


    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        // The whole file first: a bad key exits 2 before a port is checked, a broker started or Flink run.
        ChannelPulseConfig file = ConfigFileOption.loadAll(cmd, configFile);
        SimulatorSettings settings = world.settings(cmd)
                .withBusiness(file.job().orderResponse().sla(), file.job().business().timeZone());
        if (rate <= 0) {
            throw new CommandLine.ParameterException(cmd, "--rate must be > 0, got " + rate);
        }
        int brokerPort;
        int uiPort;
        int gatewayPort;
        int reporterPort;
        try {
            brokerPort = kafkaPort == 0 ? EmbeddedKafka.freePort() : EmbeddedKafka.requireFree(kafkaPort, "--kafka-port");
            uiPort = webPort == 0 ? EmbeddedKafka.freePort() : EmbeddedKafka.requireFree(webPort, "--web-port");
            gatewayPort = metricsPort == 0 ? EmbeddedKafka.freePort() : EmbeddedKafka.requireFree(metricsPort, "--metrics-port");
            if (panelPort != 0) {
                EmbeddedKafka.requireFree(panelPort, "--panel-port");
            }
            reporterPort = flinkMetricsPort == 0 ? EmbeddedKafka.freePort() : EmbeddedKafka.requireFree(flinkMetricsPort, "--flink-metrics-port");
        } catch (EmbeddedKafka.PortInUseException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("channel-pulse-demo-");
        var out = cmd.getOut();

        ShutdownSignal shutdown = new ShutdownSignal("demo").install();

        List<AutoCloseable> resources = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), brokerPort);
            resources.add(kafka);
            PulseConfig config = demoConfig(file.job(), kafka, data);
            List<String> topics = new ArrayList<>(config.topics().inputs().values());
            topics.addAll(config.topics().outputs());
            kafka.createTopics(topics, 2);
            out.printf("Kafka broker (KRaft) at %s, data in %s%n", kafka.bootstrapServers(), data);

            Configuration flink = new Configuration();
            flink.set(RestOptions.PORT, uiPort);
            flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            // Accumulators (the status line's input counts) travel with heartbeats.
            flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
            // The job's own metrics, through Flink's Prometheus reporter, as on a cluster.
            flink.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flink.setString("metrics.reporter.prom.port", Integer.toString(reporterPort));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(parallelism);
            LiveJob.wire(env, config);
            JobClient job = env.executeAsync(LiveJob.JOB_NAME);
            resources.add(0, () -> cancelAndWait(job));
            out.printf("Flink web UI at http://127.0.0.1:%d (job %s)%n", uiPort, job.getJobID());
            out.printf("Flink job metrics at http://127.0.0.1:%d/metrics%n", reporterPort);

            DeliverySettings delivery = file.delivery();
            if (!delivery.targets().isEmpty()) {
                kafka.createTopics(List.of(delivery.undeliverableTopic()), 2);
            }
            Simulation sim = new Simulator(settings).run();
            String demoPassword = null;
            PanelSettings panel = file.panel();
            if (panel.managers().isEmpty()) {
                demoPassword = demoPassword();
                panel = demoUsers(sim, panel, demoPassword);
            }
            Gateway gateway = Gateway.start(config, delivery, panel, "127.0.0.1", gatewayPort, panelPort);
            resources.add(0, gateway);
            out.printf("Gateway metrics at http://127.0.0.1:%d/metrics%n", gateway.metricsPort());
            out.printf("Live panels at http://127.0.0.1:%d/ (%d users)%n", gateway.panelPort(), panel.managers().size());
            if (demoPassword != null) {
                out.printf("  log in as 'admin' (all channels) or 'dealers' (the dealer channels), password: %s%n", demoPassword);
            }

            DemoStatus status = new DemoStatus(kafka, config);
            resources.add(0, status);
            AtomicLong sent = new AtomicLong();
            out.printf("Simulating %s of history from %s: %d records, %d anomalies, at %.0f events/s%n",
                    settings.duration(), settings.start(), sim.emissions().size(), sim.anomalies().size(), rate);
            out.flush();
            Thread producer = new Thread(() -> {
                try {
                    SimulationWriter.toKafka(sim, config, rate, running::get, sent);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-simulator");
            producer.setDaemon(true);
            producer.start();

            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            while (!shutdown.await(statusInterval)) {
                out.println(status.line(sent.get(), sim.emissions().size(), job));
                out.flush();
                if (System.nanoTime() >= deadline) {
                    break;
                }
            }
            running.set(false);
            producer.join(10_000);
            out.println(status.line(sent.get(), sim.emissions().size(), job));
            out.println("Stopping...");
            out.flush();
            return 0;
        } finally {
            running.set(false);
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    out.println("while stopping: " + e);
                }
            }
            out.println("Stopped.");
            out.flush();
            shutdown.close();
        }
    }

    /** A fresh random password for this demo run's panel users. */
    private static String demoPassword() {
        byte[] bytes = new byte[9];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Panel users for a demo whose file names none: an admin and a manager of the dealer channels. */
    static PanelSettings demoUsers(Simulation sim, PanelSettings d, String password) {
        String hash = org.springframework.security.crypto.bcrypt.BCrypt.hashpw(password, org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10));
        java.util.Set<String> dealers = new java.util.TreeSet<>();
        sim.world().channels().stream().filter(c -> c.type() == io.channelpulse.model.ChannelType.DEALER)
                .forEach(c -> dealers.add(c.channelId()));
        return new PanelSettings(List.of(
                        new io.channelpulse.config.Manager("admin", hash, java.util.Set.of(), true, "Admin"),
                        new io.channelpulse.config.Manager("dealers", hash, java.util.Set.copyOf(dealers), false, "Dealer channels")),
                d.sessionTtl(), d.maxLoginFailures(), d.loginFailureWindow(), d.history(), d.grafanaUrl());
    }

    /** Cancels the job and waits until its tasks are gone, so the broker is not closed under them. */
    private static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                if (job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    return;
                }
            } catch (ExecutionException | IllegalStateException e) {
                // The local MiniCluster shuts down with its last job (the status call then fails, or
                // throws that the cluster is not running): nothing left to wait for.
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * The file's settings (or the defaults) on the embedded broker, with an idle timeout of at most
     * 5 s so the demo starts quickly, a 5 s checkpoint interval unless the file sets one, and
     * durable checkpoints under the data directory unless the file names a directory (JobManager
     * memory would cap state at 5 MB).
     */
    static PulseConfig demoConfig(PulseConfig file, EmbeddedKafka kafka, Path data) {
        Checkpointing c = file.checkpoint();
        Checkpointing demo = new Checkpointing(
                c.interval() != null ? c.interval() : DEMO_STEP, c.timeout(), c.restartBudget(),
                c.directory() != null ? c.directory() : data.resolve("checkpoints").toUri().toString(),
                c.stateBackend(), c.tolerableFailures());
        Duration idle = file.idleTimeout().compareTo(DEMO_STEP) < 0 ? file.idleTimeout() : DEMO_STEP;
        return file.withKafka(file.kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withIdleTimeout(idle)
                .withCheckpoint(demo);
    }

    /** The demo's idle timeout cap and default checkpoint interval. */
    private static final Duration DEMO_STEP = Duration.ofSeconds(5);

    /** Counts committed output (read_committed) and reads the job's input counters. */
    static final class DemoStatus implements AutoCloseable {
        private final DemoOutputCounter counter;

        DemoStatus(EmbeddedKafka kafka, PulseConfig config) {
            this.counter = new DemoOutputCounter(kafka.bootstrapServers(), config);
            counter.start();
        }

        String line(long sent, long total, JobClient job) {
            Map<String, Object> acc;
            try {
                acc = job.getAccumulators().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                acc = Map.of();
            }
            StringBuilder in = new StringBuilder();
            for (EventStream<?> stream : EventStream.ALL) {
                Object n = acc.get("records-read." + stream.name());
                in.append(in.isEmpty() ? "" : " ").append(stream.name()).append('=').append(n == null ? 0 : n);
            }
            return String.format("[%tT] sent %d/%d | in: %s | out: kpis=%d alerts=%d (firing=%d resolved=%d) dead-letters=%d",
                    System.currentTimeMillis(), sent, total, in, counter.kpis(), counter.alerts(),
                    counter.firing(), counter.resolved(), counter.deadLetters());
        }

        @Override
        public void close() {
            counter.close();
        }
    }
}
