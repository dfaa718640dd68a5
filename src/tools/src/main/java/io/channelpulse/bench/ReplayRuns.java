package io.channelpulse.bench;

import io.channelpulse.serde.EventStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code java -Xmx.. -jar <jar> replay} on a history in a child JVM and remembers completed
 * runs for the rest of the suite, so R2 compares its large history against R1's run of the small
 * one instead of replaying it again.
 */
final class ReplayRuns {

    private static final Pattern SUMMARY_ROW = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    /** One replay run. {@code recordsRead} is from replay's own summary, else the input's line count. */
    record Measured(Histories.History history, ChildJvm.Run run, long recordsRead) {

        double eventsPerSecond() {
            return recordsRead / (run.wall().toNanos() / 1e9);
        }

        /** {@code wall 19.8 s, 2,034,118 records, peak RSS 1,210 MB, heap after GC ≤ 512 MB}. */
        String describe() {
            return String.format("wall %.1f s, %,d records, peak RSS %s, heap after GC ≤ %s (after old-gen GC ≤ %s, %d pauses)",
                    run.wall().toMillis() / 1000.0, recordsRead, ChildJvm.mb(run.peakRssBytes()),
                    ChildJvm.mb(run.gc().peakAfterAny()), ChildJvm.mb(run.gc().peakAfterOldCollection()), run.gc().pauses());
        }

        /** For a run that did not complete: what it reached, never a rate. */
        String reached() {
            if (!run.finished()) {
                return String.format("killed after %.0f s, not finished", run.wall().toMillis() / 1000.0);
            }
            return "exit code " + run.exitCode() + " after " + String.format("%.0f s", run.wall().toMillis() / 1000.0);
        }

        String unfinishedDetail() {
            return String.format("%s; peak RSS %s, heap after GC ≤ %s; %s", run.finished() ? run.stderrTail() : run.progress(),
                    ChildJvm.mb(run.peakRssBytes()), ChildJvm.mb(run.gc().peakAfterAny()), "logs in " + run.stdout().getParent());
        }
    }

    private final Path workDir;
    private final PrintWriter log;
    private final Map<String, Measured> completed = new HashMap<>();

    ReplayRuns(Path workDir, PrintWriter log) {
        this.workDir = workDir;
        this.log = log;
    }

    /** A completed run of this jar on this history with this heap, if the suite already has one. */
    synchronized Measured known(Path jar, Histories.History history, String heap) {
        return completed.get(key(jar, history, heap));
    }

    /** Replays {@code history} with {@code jar} in a child JVM limited to {@code heap}, killed at {@code deadline}. */
    Measured replay(String tag, Path jar, Histories.History history, String heap, Instant deadline)
            throws IOException, InterruptedException {
        Path runs = workDir.resolve("runs");
        String name = tag + "-" + history.spec().label();
        Path output = runs.resolve(name + "-output");
        deleteRecursively(output);
        List<String> command = List.of(ChildJvm.javaBinary(), "-Xmx" + heap, "-jar", jar.toString(),
                "replay", "--input", history.dir().toString(), "--output", output.toString());
        log.printf("  %s: %s%n", name, String.join(" ", command));
        log.flush();
        ChildJvm.Run run = ChildJvm.run(name, command, runs, history.dir(), deadline);
        long read = run.succeeded() ? recordsRead(run.stdoutText(), history.records()) : 0;
        Measured measured = new Measured(history, run, read);
        log.printf("  %s: %s%n", name, run.succeeded() ? measured.describe() : measured.reached() + "; " + measured.unfinishedDetail());
        log.flush();
        deleteRecursively(output); // outputs of a 20M replay are large, and only the timing is kept
        if (run.succeeded()) {
            synchronized (this) {
                completed.put(key(jar, history, heap), measured);
            }
        }
        return measured;
    }

    /** The sum of the "read" column of replay's summary; {@code fallback} if it printed none. */
    static long recordsRead(String stdout, long fallback) {
        long read = 0;
        boolean any = false;
        List<String> streams = EventStream.ALL.stream().map(EventStream::name).toList();
        for (String line : stdout.split("\\R")) {
            Matcher m = SUMMARY_ROW.matcher(line);
            if (m.matches() && streams.contains(m.group(1))) {
                read += Long.parseLong(m.group(2));
                any = true;
            }
        }
        return any ? read : fallback;
    }

    private static String key(Path jar, Histories.History history, String heap) {
        return jar.toAbsolutePath().normalize() + "|" + history.dir().toAbsolutePath().normalize() + "|" + heap;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
