package io.channelpulse.cli;

import io.channelpulse.config.ConfigFileOption;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.sim.EconomicsPlan;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
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
            "Also writes a ground-truth file listing every injected anomaly, one JSON object per line.",
            "With --economics-months N it writes a long, sparse history of N business months instead: POS lines",
            "and monthly channel costs, with the channel plan's cases injected (an inefficient channel, a loss-making",
            "direct store, a supermarket partner under ROI 1, partners crossing tier bands)."
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

    @Option(names = "--economics-months", paramLabel = "N",
            description = {"Simulate N business months (12 to 36) for the channel plan's economics instead of --history:",
                "few POS lines a day and monthly cost bookings, from the month of --start (default: the month N-1",
                "months before the current one). Needs --channels-per-type 2; --outlets-per-partner defaults to 2 here."})
    Integer economicsMonths;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (rate <= 0) {
            throw new CommandLine.ParameterException(cmd, "--rate must be > 0, got " + rate);
        }
        PulseConfig pulse = config.load(cmd, target.bootstrapServers);
        SimulatorSettings settings = world.settings(cmd).withBusiness(pulse.orderResponse().sla(), pulse.business().timeZone());
        if (economicsMonths != null) {
            settings = economics(cmd, settings, pulse);
        }
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
        if (settings.economics() != null) {
            cmd.getOut().printf("Simulated %d records (%d anomalies and %d tier changes injected) for %d business months from %s%n",
                    sim.emissions().size(), sim.anomalies().size(), sim.tierChanges().size(),
                    settings.economics().months(), EconomicsPlan.period(settings, 1));
        } else {
            cmd.getOut().printf("Simulated %d records (%d anomalies injected) from %s for %s%n",
                    sim.emissions().size(), sim.anomalies().size(), settings.start(), settings.duration());
        }
        cmd.getOut().printf("Ground truth: %s%n", truthFile);
        cmd.getOut().flush();
        return 0;
    }

    /** The settings for an economics history; errors name the option, before anything is written. */
    private SimulatorSettings economics(CommandLine cmd, SimulatorSettings settings, PulseConfig pulse) {
        int months = economicsMonths;
        if (months < SimulatorSettings.Economics.MIN_MONTHS || months > SimulatorSettings.Economics.MAX_MONTHS) {
            throw new CommandLine.ParameterException(cmd, "--economics-months must be from "
                    + SimulatorSettings.Economics.MIN_MONTHS + " to " + SimulatorSettings.Economics.MAX_MONTHS + ", got " + months);
        }
        if (settings.channelsPerType() != EconomicsPlan.CHANNELS_PER_TYPE) {
            throw new CommandLine.ParameterException(cmd, "--economics-months needs --channels-per-type "
                    + EconomicsPlan.CHANNELS_PER_TYPE + " (its cases are laid out on 16 partners), got " + settings.channelsPerType());
        }
        ZoneId zone = settings.zone();
        Instant start = world.start != null ? world.start
                : BusinessMonths.start(BusinessMonths.plus(BusinessMonths.periodOf(Instant.now(), zone), 1L - months), zone);
        int outlets = cmd.getParseResult().hasMatchedOption("--outlets-per-partner") ? settings.outletsPerPartner() : 2;
        return new SimulatorSettings(settings.seed(), start, settings.duration(), settings.channelsPerType(), outlets,
                settings.skus(), settings.salesPerOutletHour(), settings.belowGuideRate(), settings.recoveryRate(),
                settings.diversionRate(), settings.lateAnswerRate(), settings.missingAnswerRate(), settings.duplicateRate(),
                settings.outOfOrderRate(), settings.malformedRate(), settings.sla(), zone, null)
                .withEconomics(months)
                .withCloseGrace(pulse.economics().closeGrace());
    }
}
