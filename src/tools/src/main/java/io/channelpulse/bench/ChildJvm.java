package io.channelpulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one measured child JVM: wall clock from process start to exit, peak resident memory (the
 * kernel's {@code VmHWM}, polled), a GC log for heap after collection, and, if it must be killed at
 * its deadline, how far it had read its input files (from {@code /proc/<pid>/fdinfo}).
 */
final class ChildJvm {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern AFTER_GC = Pattern.compile("Pause (Young|Full|Remark|Cleanup)(.*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** What a child run did. {@code progress} is what it was reading when killed, else empty. */
    record Run(String name, boolean finished, int exitCode, Duration wall, long peakRssBytes, Path stdout, Path stderr,
            GcSummary gc, String progress) {

        boolean succeeded() {
            return finished && exitCode == 0;
        }

        String stdoutText() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        /** The last lines of stderr, for a FAILED row's detail. */
        String stderrTail() {
            try {
                List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
                List<String> tail = lines.stream().filter(l -> l.contains("Exception") || l.contains("Error")).toList();
                List<String> chosen = tail.isEmpty() ? lines : tail;
                return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 2), chosen.size()));
            } catch (IOException e) {
                return "(no stderr: " + e.getMessage() + ")";
            }
        }
    }

    /**
     * Heap sizes after collections, in bytes: the largest after any pause, and the largest after a
     * pause that also collects the old generation (full, or mixed/remark in G1), the better
     * estimate of what stays live. -1 when the log has none.
     */
    record GcSummary(int pauses, long peakAfterAny, long peakAfterOldCollection, long heapCapacity) {
        static final GcSummary NONE = new GcSummary(0, -1, -1, -1);
    }

    private ChildJvm() {}

    /** The {@code java} of this JVM, so children run on the same runtime. */
    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Starts {@code command} (the JVM options are already in it; a GC log option is added after the
     * java binary), waits until it exits or {@code deadline}, and kills it then. {@code inputs} is
     * the directory whose files count as progress.
     */
    static Run run(String name, List<String> command, Path logDir, Path inputs, Instant deadline)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path stdout = logDir.resolve(name + ".out");
        Path stderr = logDir.resolve(name + ".err");
        Path gcLog = logDir.resolve(name + ".gc.log");
        Files.deleteIfExists(gcLog);
        List<String> full = new ArrayList<>(command);
        full.add(1, "-Xlog:gc:file=" + gcLog);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        long peakKb = 0;
        String progress = "";
        boolean finished = false;
        long lastProgress = 0;
        while (true) {
            if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                finished = true;
                break;
            }
            peakKb = Math.max(peakKb, vmHwmKb(process.pid()));
            if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                progress = readingProgress(process.pid(), inputs);
                lastProgress = System.nanoTime();
            }
            if (Instant.now().isAfter(deadline)) {
                progress = readingProgress(process.pid(), inputs);
                kill(process);
                break;
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        int exit = finished ? process.exitValue() : -1;
        return new Run(name, finished, exit, wall, peakKb * 1024, stdout, stderr, parseGc(gcLog), finished ? "" : progress);
    }

    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The process's peak resident set so far, in kB; 0 if unknown (not Linux, or already gone). */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between the poll and the read, or no /proc: keep the last value
        }
        return 0;
    }

    /** {@code pos-sales.jsonl at 512 MB of 1,330 MB; ...} for each input file the process has open. */
    static String readingProgress(long pid, Path inputs) {
        if (inputs == null) {
            return "";
        }
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        Path root;
        try {
            root = inputs.toRealPath(); // /proc links name real paths
        } catch (IOException e) {
            return "";
        }
        Map<String, String> reading = new TreeMap<>();
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.startsWith(root) || !target.toString().endsWith(".jsonl")) {
                        continue;
                    }
                    long pos = 0;
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "fdinfo", fd.getFileName().toString()))) {
                        if (line.startsWith("pos:")) {
                            pos = Long.parseLong(line.substring(4).trim());
                        }
                    }
                    long size = Files.size(target);
                    reading.put(target.getFileName().toString(), String.format("%,d of %,d MB", pos >> 20, size >> 20));
                } catch (IOException | RuntimeException e) {
                    // the descriptor closed while listing
                }
            }
        } catch (IOException e) {
            return "";
        }
        if (reading.isEmpty()) {
            return "no input file open";
        }
        StringBuilder out = new StringBuilder("reading ");
        reading.forEach((file, at) -> out.append(out.length() > 8 ? "; " : "").append(file).append(" at ").append(at));
        return out.toString();
    }

    static GcSummary parseGc(Path gcLog) throws IOException {
        if (!Files.isRegularFile(gcLog)) {
            return GcSummary.NONE;
        }
        return parseGc(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
    }

    static GcSummary parseGc(List<String> lines) {
        int pauses = 0;
        long peakAny = -1;
        long peakOld = -1;
        long capacity = -1;
        for (String line : lines) {
            Matcher m = AFTER_GC.matcher(line);
            if (!m.find()) {
                continue;
            }
            pauses++;
            long after = bytes(m.group(5), m.group(6));
            capacity = Math.max(capacity, bytes(m.group(7), m.group(8)));
            peakAny = Math.max(peakAny, after);
            // Only collections that evacuate old regions say how much is live: G1's Remark frees
            // only wholly empty regions, and the dead objects it has marked stay counted until the
            // mixed collections that follow.
            boolean old = m.group(1).equals("Full") || m.group(2).contains("Mixed");
            if (old) {
                peakOld = Math.max(peakOld, after);
            }
        }
        return new GcSummary(pauses, peakAny, peakOld, capacity);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,d MB", bytes >> 20);
    }
}
