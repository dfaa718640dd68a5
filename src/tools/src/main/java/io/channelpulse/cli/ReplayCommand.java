package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.config.Durations;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.replay.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replay}: run the monitoring job over files, for backtesting rules on history. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Run the monitoring job over JSON-lines files and write sorted alerts, KPIs and dead letters.",
            "Reads DIR/<stream>.jsonl for pos-sales, prices, inventory, orders, guide-prices and partners;"
                    + " a missing file is an empty stream.",
            "At the end, event time stands at the last input event: later deadlines stay open."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (also when there were dead letters)", "1:the job failed", "2:usage or configuration error"})
public final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with <stream>.jsonl files.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for alerts.jsonl, kpis.jsonl and dead-letters.jsonl (created if missing).")
    Path output;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--kpi-window", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "KPI window size, e.g. 1m, 15m, 1h or PT1H. Overrides kpi.window.")
    Duration kpiWindow;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (!Files.isDirectory(input)) {
            throw new CommandLine.ParameterException(cmd, "--input: no such directory: " + input);
        }
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(cmd, "--parallelism: must be >= 1, got " + parallelism);
        }
        PulseConfig pulse = config.load(cmd);
        if (kpiWindow != null) {
            pulse = pulse.withKpiWindow(kpiWindow);
        }
        Replay.Result result = new Replay(pulse, parallelism).run(input, output);
        cmd.getOut().print(result.summary().render());
        cmd.getOut().printf("%nWrote %s, %s, %s, %s and %s%n",
                output.resolve(Replay.ALERTS_FILE), output.resolve(Replay.KPIS_FILE), output.resolve(Replay.DEAD_LETTERS_FILE),
                output.resolve(Replay.PARTNER_TIERS_FILE), output.resolve(Replay.CHANNEL_ECONOMICS_FILE));
        cmd.getOut().flush();
        return 0;
    }
}
