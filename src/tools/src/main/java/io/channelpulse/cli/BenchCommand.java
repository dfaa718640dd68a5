package io.channelpulse.cli;

import io.channelpulse.bench.BenchContext;
import io.channelpulse.bench.BenchSuite;
import io.channelpulse.bench.Benchmark;
import io.channelpulse.bench.Histories;
import io.channelpulse.config.Durations;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: the benchmark suite of issue 11, one row per measure, as a table. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Generate simulated histories (cached in --work-dir) and run the benchmark rows: each in child JVMs,",
            "each with its own --timeout. Prints a table (id, measure, goal, status, value, goal met, detail)",
            "and writes it as markdown to WORK-DIR/results.md. Progress goes to stderr."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every row COMPLETED (whether it met its goal is in the table, not the exit code)",
            "1:a row TIMED OUT or FAILED",
            "2:usage error"})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--work-dir", defaultValue = "target/bench", paramLabel = "DIR",
            description = "Histories, child logs and results.md (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these rows, e.g. R1,P1 (default: all).")
    List<String> only;

    @Option(names = "--timeout", defaultValue = "30m", converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "The most one row may take, history generation excluded (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--soak", defaultValue = "30m", converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "How long soak measurements run (P5) (default: ${DEFAULT-VALUE}).")
    Duration soak;

    @Option(names = "--jar", paramLabel = "FILE", description = "The channel-pulse.jar the child JVMs run (default: the jar running this command).")
    Path jar;

    @Option(names = "--baseline-jar", paramLabel = "FILE",
            description = "Also replay R1's history with this jar (e.g. today's release) and report the speedup.")
    Path baselineJar;

    @Option(names = "--baseline-heap", defaultValue = "4g", paramLabel = "SIZE",
            description = "-Xmx of the baseline run: more than R1's 1g, since a replay that holds its outputs in memory"
                    + " may not finish in 1g, and more heap only favours the baseline (default: ${DEFAULT-VALUE}).")
    String baselineHeap;

    @Option(names = "--events", defaultValue = "2000000", hidden = true, paramLabel = "N",
            description = "Events in the small history (the large one has 10 times as many): smaller for quick tests.")
    long events;

    @Option(names = "--generate-only", description = "Generate (or find) the histories the selected rows need, then stop.")
    boolean generateOnly;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (timeout.isZero() || timeout.isNegative() || soak.isNegative()) {
            throw new CommandLine.ParameterException(cmd, "--timeout must be > 0 and --soak >= 0");
        }
        if (events < 100) {
            throw new CommandLine.ParameterException(cmd, "--events must be at least 100, got " + events);
        }
        Path childJar = jar != null ? jar : runningJar();
        if (childJar == null || !Files.isRegularFile(childJar)) {
            throw new CommandLine.ParameterException(cmd, "--jar: " + (childJar == null
                    ? "not running from channel-pulse.jar; pass --jar FILE" : "no such file: " + childJar));
        }
        if (baselineJar != null && !Files.isRegularFile(baselineJar)) {
            throw new CommandLine.ParameterException(cmd, "--baseline-jar: no such file: " + baselineJar);
        }
        PrintWriter log = cmd.getErr();
        Files.createDirectories(workDir);
        List<Benchmark> rows = select(cmd, BenchSuite.rows(new BenchSuite.Settings(workDir, events, baselineJar, baselineHeap), log));
        if (generateOnly) {
            Histories histories = new Histories(workDir, events, log);
            histories.small();
            if (rows.stream().anyMatch(r -> r.id().equals("R2"))) {
                histories.large();
            }
            return 0;
        }
        Instant started = Instant.now();
        String loadBefore = BenchSuite.loadAverage();
        List<BenchSuite.Row> results = BenchSuite.run(rows, new BenchContext(workDir, childJar, timeout, soak), log);
        String loadAfter = BenchSuite.loadAverage();
        String table = BenchSuite.text(results);
        cmd.getOut().print(table);
        cmd.getOut().flush();
        Path resultsFile = workDir.resolve("results.md");
        Files.writeString(resultsFile, resultsMarkdown(results, started, loadBefore, loadAfter, childJar), StandardCharsets.UTF_8);
        cmd.getOut().printf("%nWrote %s%n", resultsFile);
        cmd.getOut().flush();
        return BenchSuite.exitCode(results);
    }

    private List<Benchmark> select(CommandLine cmd, List<Benchmark> all) {
        if (only == null || only.isEmpty()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : only) {
            String trimmed = id.trim().toUpperCase(java.util.Locale.ROOT);
            if (all.stream().noneMatch(b -> b.id().equals(trimmed))) {
                throw new CommandLine.ParameterException(cmd, "--only: no row " + id + "; rows are "
                        + all.stream().map(Benchmark::id).toList());
            }
            wanted.add(trimmed);
        }
        List<Benchmark> chosen = new ArrayList<>();
        for (Benchmark b : all) {
            if (wanted.contains(b.id())) {
                chosen.add(b);
            }
        }
        return chosen;
    }

    private String resultsMarkdown(List<BenchSuite.Row> results, Instant started, String loadBefore, String loadAfter, Path childJar) {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" to ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(BenchSuite.machine())
                .append("; load average (1/5/15 min) ").append(loadBefore).append(" at the start, ").append(loadAfter)
                .append(" at the end.\n\n");
        out.append("`").append(String.join(" ", commandLine())).append("` with ").append(childJar)
                .append(", --timeout ").append(Durations.format(timeout)).append(".\n\n");
        out.append(BenchSuite.markdown(results));
        return out.toString();
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>(List.of("java", "-jar", "target/channel-pulse.jar"));
        args.addAll(spec.commandLine().getParseResult().originalArgs());
        return args;
    }

    /** The jar this command runs from, or null when it runs from classes (tests, an IDE). */
    static Path runningJar() {
        try {
            Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
