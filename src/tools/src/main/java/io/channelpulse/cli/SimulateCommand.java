package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate}: generate a realistic channel world's streams with known anomalies. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Simulate a retail channel world (seeded, reproducible) and write its six streams either to a",
            "replay directory (as fast as possible) or to Kafka (at --rate events per second).",
            "Also writes a ground-truth file listing every injected anomaly, one JSON object per line."
        })
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SimulatorOptions world = new SimulatorOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--output-dir", paramLabel = "DIR", description = "Write DIR/<stream>.jsonl for replay.")
        Path outputDir;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Produce to Kafka (topic names from --config).")
        String bootstrapServers;
    }

    @Option(names = "--rate", defaultValue = "200", paramLabel = "EVENTS/S", description = "Kafka only: target events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--truth", paramLabel = "FILE", description = "Ground-truth file (default: DIR/ground-truth.jsonl, or ./ground-truth.jsonl for Kafka).")
    Path truth;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (rate <= 0) {
            throw new CommandLine.ParameterException(cmd, "--rate must be > 0, got " + rate);
        }
        PulseConfig pulse = config.load(cmd, target.bootstrapServers);
        SimulatorSettings settings = world.settings(cmd).withBusiness(pulse.orderResponse().sla(), pulse.business().timeZone());
        Simulation sim = new Simulator(settings).run();
        Path truthFile;
        if (target.outputDir != null) {
            SimulationWriter.toDirectory(sim, target.outputDir);
            truthFile = truth != null ? truth : target.outputDir.resolve("ground-truth.jsonl");
        } else {
            SimulationWriter.toKafka(sim, pulse, rate, () -> true, new AtomicLong());
            truthFile = truth != null ? truth : Path.of("ground-truth.jsonl");
        }
        SimulationWriter.groundTruth(sim, truthFile);
        cmd.getOut().printf("Simulated %d records (%d anomalies injected) from %s for %s%n",
                sim.emissions().size(), sim.anomalies().size(), settings.start(), settings.duration());
        cmd.getOut().printf("Ground truth: %s%n", truthFile);
        cmd.getOut().flush();
        return 0;
    }
}
