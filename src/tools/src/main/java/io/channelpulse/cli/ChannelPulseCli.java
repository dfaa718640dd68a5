package io.channelpulse.cli;

import io.channelpulse.gateway.GatewayCommand;
import io.channelpulse.kafka.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code channel-pulse.jar}: one subcommand per way of running Channel Pulse. */
@Command(
        name = "channel-pulse",
        mixinStandardHelpOptions = true,
        versionProvider = ChannelPulseCli.Version.class,
        description = "Real-time channel and partner monitoring on Apache Flink.",
        subcommands = {DemoCommand.class, RunCommand.class, GatewayCommand.class, ReplayCommand.class, SimulateCommand.class,
            BrokerCommand.class, ProduceCommand.class, ExportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ChannelPulseCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ChannelPulseCli());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ChannelPulseCli.class.getPackage().getImplementationVersion();
            return new String[] {"channel-pulse " + (version == null ? "dev" : version)};
        }
    }
}
