package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.config.Durations;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.replay.ReplayDirectoryProducer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code produce}: a replay directory into the live job's input topics, file order kept. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Write a replay directory into the job's input topics (names from --config): DIR/<stream>.jsonl for pos-sales,",
            "prices, inventory, orders, guide-prices and partners. All lines of one file go to one partition, in file order,",
            "through an idempotent producer. Blank lines are skipped; every other line, even malformed JSON, is sent as it is,",
            "so the job dead-letters what replay dead-letters. A missing file is an empty stream."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a record could not be sent", "2:usage or configuration error"})
public final class ProduceCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with <stream>.jsonl files.")
    Path input;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Overrides kafka.bootstrap-servers.")
    String bootstrapServers;

    @Option(names = "--partition", paramLabel = "N", defaultValue = "0", description = "The partition every file goes to (default: ${DEFAULT-VALUE}).")
    int partition;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "How long to wait for a missing topic or an unreachable broker before failing (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        if (!Files.isDirectory(input)) {
            throw new CommandLine.ParameterException(cmd, "--input: no such directory: " + input);
        }
        if (partition < 0) {
            throw new CommandLine.ParameterException(cmd, "--partition: must be >= 0, got " + partition);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CommandLine.ParameterException(cmd, "--timeout: must be > 0, got " + timeout);
        }
        PulseConfig pulse = config.load(cmd, bootstrapServers);
        List<ReplayDirectoryProducer.Sent> sent;
        try {
            sent = ReplayDirectoryProducer.produce(input, pulse, partition, timeout);
        } catch (ReplayDirectoryProducer.ProduceException e) {
            cmd.getErr().println("produce failed: " + e.getMessage());
            cmd.getErr().flush();
            return 1;
        }
        var out = cmd.getOut();
        long total = 0;
        for (ReplayDirectoryProducer.Sent s : sent) {
            out.printf("%s: %d records%s%n", s.topic(), s.records(),
                    s.file() == null ? " (no " + s.stream() + ".jsonl)" : " from " + s.file() + " to partition " + partition);
            total += s.records();
        }
        out.printf("Sent %d records to %s%n", total, pulse.kafka().bootstrapServers());
        out.flush();
        return 0;
    }
}
