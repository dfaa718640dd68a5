package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.Durations;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.replay.CommittedSnapshot;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export}: the live job's committed output as files in replay's sorted form, so a live run
 * and a replay of the same records compare with {@code diff -r}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Read the live job's committed output (alerts, channel-kpis and dead-letters topics, isolation.level=read_committed)",
            "from the beginning up to the end offsets at the start, and write alerts.jsonl, kpis.jsonl and dead-letters.jsonl",
            "sorted exactly as replay writes them."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the output could not be read within --timeout", "2:usage or configuration error"})
public final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for alerts.jsonl, kpis.jsonl and dead-letters.jsonl (created if missing).")
    Path output;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Overrides kafka.bootstrap-servers.")
    String bootstrapServers;

    @Option(names = "--replay-form", defaultValue = "true", negatable = true, fallbackValue = "true", arity = "0..1",
            description = {"Set each alert's emittedAt to its eventTime, as replay does, instead of the live job's wall clock,",
                "and with --input give dead letters replay's file and line (default: ${DEFAULT-VALUE}; --no-replay-form keeps the live form)."})
    boolean replayForm;

    @Option(names = "--input", paramLabel = "DIR",
            description = {"The replay directory the input was produced from (produce --input DIR). With --replay-form, dead letters",
                "then carry that file's name and line number, as replay's do, instead of topic, partition and offset."})
    Path input;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "Fail (exit 1) if the end offsets are not reached within this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CommandLine.ParameterException(cmd, "--timeout: must be > 0, got " + timeout);
        }
        if (input != null && !replayForm) {
            throw new CommandLine.ParameterException(cmd, "--input: applies only with --replay-form");
        }
        if (input != null && !Files.isDirectory(input)) {
            throw new CommandLine.ParameterException(cmd, "--input: no such directory: " + input);
        }
        PulseConfig pulse = config.load(cmd, bootstrapServers);
        PulseConfig.Topics topics = pulse.topics();
        Map<String, List<String>> read;
        try {
            read = CommittedSnapshot.read(pulse.kafka().clientProperties(),
                    List.of(topics.alerts(), topics.kpis(), topics.deadLetters()), timeout);
        } catch (CommittedSnapshot.SnapshotException e) {
            cmd.getErr().println("export failed: " + e.getMessage());
            cmd.getErr().flush();
            return 1;
        }
        List<Alert> alerts;
        List<ChannelKpi> kpis;
        List<DeadLetter> deadLetters;
        try {
            alerts = parse(read, topics.alerts(), Alert.class);
            kpis = parse(read, topics.kpis(), ChannelKpi.class);
            deadLetters = parse(read, topics.deadLetters(), DeadLetter.class);
        } catch (IllegalArgumentException e) {
            cmd.getErr().println("export failed: " + e.getMessage());
            cmd.getErr().flush();
            return 1;
        }
        if (replayForm) {
            alerts.replaceAll(a -> a.withEmittedAt(a.eventTime()));
            if (input != null) {
                deadLetters.replaceAll(ReplayLineNumbers.of(input)::toReplayOrigin);
            }
        }
        Replay.writeSorted(output, alerts, kpis, deadLetters);

        var out = cmd.getOut();
        out.printf("%s: %d alerts -> %s%n", topics.alerts(), alerts.size(), output.resolve(Replay.ALERTS_FILE));
        out.printf("%s: %d KPI records -> %s%n", topics.kpis(), kpis.size(), output.resolve(Replay.KPIS_FILE));
        out.printf("%s: %d dead letters -> %s%n", topics.deadLetters(), deadLetters.size(), output.resolve(Replay.DEAD_LETTERS_FILE));
        out.flush();
        return 0;
    }

    /**
     * The job wrote these records itself, so a value that does not parse means the topic holds
     * something else; that stops the export rather than leaving a silently shorter file.
     */
    private static <T> List<T> parse(Map<String, List<String>> read, String topic, Class<T> type) {
        ObjectReader reader = Json.mapper().readerFor(type);
        List<String> values = read.get(topic);
        List<T> records = new ArrayList<>(values.size());
        for (String value : values) {
            try {
                records.add(reader.readValue(value));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("topic '" + topic + "' holds a record that is not a "
                        + type.getSimpleName() + " (" + e.getOriginalMessage() + "): " + value, e);
            }
        }
        return records;
    }
}
