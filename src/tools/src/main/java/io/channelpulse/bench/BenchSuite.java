package io.channelpulse.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code channel-pulse bench}, in the order they run, and how one run of them becomes a
 * table. A row that throws is reported as FAILED and the suite goes on with the next.
 */
public final class BenchSuite {

    /** What the rows share: where histories go, their size, and the baseline to compare R1 with. */
    public record Settings(Path workDir, long events, Path baselineJar, String baselineHeap) {}

    /** One row's benchmark and its result. */
    public record Row(Benchmark benchmark, BenchResult result) {}

    private BenchSuite() {}

    /** Every registered row. The live rows (P3, P4, P5) are added here. */
    public static List<Benchmark> rows(Settings settings, PrintWriter log) {
        Histories histories = new Histories(settings.workDir(), settings.events(), log);
        ReplayRuns replays = new ReplayRuns(settings.workDir(), log);
        return List.of(
                new ReplayThroughputBenchmark(histories, replays, settings.baselineJar(), settings.baselineHeap()),
                new ReplayMemoryBenchmark(histories, replays),
                new PipelineOverheadBenchmark(histories, replays, settings.workDir()),
                new LiveLatencyBenchmark(),
                new LiveReadBenchmark(),
                new StateSizeBenchmark());
    }

    /** Runs each row in turn; an exception becomes a FAILED row naming it. */
    public static List<Row> run(List<Benchmark> rows, BenchContext context, PrintWriter log) {
        List<Row> done = new ArrayList<>();
        for (Benchmark row : rows) {
            log.printf("%n== %s: %s (goal %s), load average %s%n", row.id(), row.measure(), row.goal(), MachineLoad.loadAverage());
            log.flush();
            BenchResult result;
            try {
                result = row.run(context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = BenchResult.failed(row.id(), "interrupted", "");
            } catch (Exception | OutOfMemoryError e) {
                result = BenchResult.failed(row.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), "");
            }
            log.printf("== %s: %s %s%n", row.id(), status(result), result.value());
            log.flush();
            done.add(new Row(row, result));
        }
        return done;
    }

    /** Exit code of the suite: 0 only if every row completed, whether or not it met its goal. */
    public static int exitCode(List<Row> rows) {
        return rows.stream().allMatch(r -> r.result().status() == BenchResult.Status.COMPLETED) ? 0 : 1;
    }

    /** The 1, 5 and 15 minute load averages now, for stating how busy the machine was. */
    public static String loadAverage() {
        return MachineLoad.loadAverage();
    }

    /** Cores, memory and Java of this machine. */
    public static String machine() {
        return MachineLoad.machine();
    }

    static String status(BenchResult result) {
        return switch (result.status()) {
            case COMPLETED -> "COMPLETED";
            case TIMED_OUT -> "TIMED OUT";
            case FAILED -> "FAILED";
        };
    }

    static String goalMet(BenchResult result) {
        return result.status() != BenchResult.Status.COMPLETED ? "–" : result.goalMet() ? "yes" : "no";
    }

    private static final String[] HEADER = {"id", "measure", "goal", "status", "value", "goal met", "detail"};

    private static String[] cells(Row row) {
        BenchResult r = row.result();
        return new String[] {r.id(), row.benchmark().measure(), row.benchmark().goal(), status(r), r.value(), goalMet(r), r.detail()};
    }

    /** The table for a terminal: aligned columns, the detail last and unpadded. */
    public static String text(List<Row> rows) {
        int[] width = new int[HEADER.length];
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(r -> lines.add(cells(r)));
        for (String[] line : lines) {
            for (int i = 0; i < line.length - 1; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length - 1; i++) {
                out.append(String.format("%-" + width[i] + "s  ", line[i]));
            }
            out.append(line[line.length - 1]).append('\n');
        }
        return out.toString();
    }

    /** The same table as markdown, for {@code docs/PERFORMANCE.md}. */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        out.append("|---".repeat(HEADER.length)).append("|\n");
        for (Row row : rows) {
            List<String> escaped = new ArrayList<>();
            for (String cell : cells(row)) {
                escaped.add(cell.replace("|", "\\|").replace("\n", " "));
            }
            out.append("| ").append(String.join(" | ", escaped)).append(" |\n");
        }
        return out.toString();
    }
}
