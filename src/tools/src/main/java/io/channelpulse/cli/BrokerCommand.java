package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: the demo's embedded KRaft broker on its own, with the job's topics created, for
 * running {@code run}, {@code produce} and {@code export} against on one machine. Ctrl-C or
 * SIGTERM stops it cleanly.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a single-node Kafka broker (KRaft, inside this JVM) with the job's input and output topics",
            "(names from --config) created. Prints its bootstrap address and data directory. Stop with Ctrl-C."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:usage or configuration error (for example a busy --kafka-port)"})
public final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker keeps its data; reusing it keeps topics and records (default: a new temporary directory).")
    Path dataDir;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2", description = "Partitions of each topic it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    private final ShutdownSignal shutdown = new ShutdownSignal("broker");

    /** Asks a running broker to stop, as Ctrl-C does; {@link #call()} then returns 0. */
    void stop() {
        shutdown.request();
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (partitions < 1) {
            throw new CommandLine.ParameterException(cmd, "--partitions: must be >= 1, got " + partitions);
        }
        PulseConfig pulse = config.load(cmd);
        int port;
        try {
            port = kafkaPort == 0 ? 0 : EmbeddedKafka.requireFree(kafkaPort, "--kafka-port");
        } catch (EmbeddedKafka.PortInUseException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("channel-pulse-broker-");
        var out = cmd.getOut();
        shutdown.install();

        boolean interrupted = false;
        try {
            try (EmbeddedKafka kafka = EmbeddedKafka.start(data, port)) {
                List<String> topics = new ArrayList<>(pulse.topics().inputs().values());
                topics.addAll(pulse.topics().outputs());
                kafka.createTopics(topics, partitions);
                out.printf("Kafka broker (KRaft) at %s, data in %s%n", kafka.bootstrapServers(), data);
                out.printf("Topics (%d partitions if created here): %s%n", partitions, String.join(", ", topics));
                out.println("Stop with Ctrl-C.");
                out.flush();
                try {
                    shutdown.await();
                } catch (InterruptedException e) {
                    interrupted = true; // stops the broker like Ctrl-C; restored once it has shut down
                }
                out.println("Stopping...");
                out.flush();
            }
            out.println("Stopped.");
            out.flush();
            return 0;
        } finally {
            shutdown.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
