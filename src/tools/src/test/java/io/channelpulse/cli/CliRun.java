package io.channelpulse.cli;

import io.channelpulse.serde.EventStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line as a user would and keeps what it printed; writes config files for it. */
final class CliRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** The command line this run executes, for reaching a subcommand's instance. */
    final CommandLine commandLine = ChannelPulseCli.commandLine();

    CliRun() {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    int run(String... args) {
        return commandLine.execute(args);
    }

    /** A config file whose topics are all prefixed with {@code prefix.}, at {@code bootstrapServers}. */
    static Path configWithTopics(Path dir, String prefix, String bootstrapServers) throws IOException {
        StringBuilder yaml = new StringBuilder("topics:\n");
        for (EventStream<?> stream : EventStream.ALL) {
            yaml.append("  ").append(stream.name()).append(": ").append(prefix).append('.').append(stream.name()).append('\n');
        }
        for (String output : new String[] {"alerts", "channel-kpis", "dead-letters", "partner-tiers", "channel-economics"}) {
            yaml.append("  ").append(output).append(": ").append(prefix).append('.').append(output).append('\n');
        }
        yaml.append("kafka:\n  bootstrap-servers: ").append(bootstrapServers).append('\n');
        Path file = dir.resolve(prefix + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
