package io.channelpulse.replay;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.channelpulse.serde.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An external merge sort for replay's outputs, so a replay's memory does not grow with its input:
 * each sink writer spills sorted runs of at most {@link #RECORDS_PER_RUN} records as JSON lines
 * ({@link Spiller}), and once the job has ended the runs are merged into one sorted file holding
 * one record per run in memory ({@link #merge}).
 *
 * <p>The result is the order a stable sort of all records would give, taking the writers in
 * subtask order and each writer's records in the order it received them: runs are sorted stably,
 * named by (subtask, sequence), and the merge breaks ties by run.
 */
final class SortedRuns {

    /** Records held by one writer before it spills: about 10 MB of alerts, less for KPIs. */
    static final int RECORDS_PER_RUN = 20_000;
    /** Runs merged at once; more are merged in passes. Each open run holds a reader's buffer. */
    static final int MAX_FAN_IN = 64;

    private static final String SUFFIX = ".run";

    private SortedRuns() {}

    /**
     * Buffers one writer's records and spills them as sorted runs. It holds records it was handed
     * until the next spill, which object reuse allows because every output is an immutable Java
     * record (see {@code ChannelPulseJob.engineDefaults}).
     */
    static final class Spiller<T> {
        private final Path dir;
        private final String prefix;
        private final Comparator<T> order;
        private final int recordsPerRun;
        private final ObjectWriter json = Json.mapper().writer();
        private final List<T> buffer = new ArrayList<>();
        private int sequence;

        /** Runs go to {@code dir/<name>-<subtask>-<sequence>.run}. */
        Spiller(Path dir, String name, int subtask, Comparator<T> order, int recordsPerRun) {
            this.dir = dir;
            this.prefix = String.format("%s-%05d-", name, subtask);
            this.order = order;
            this.recordsPerRun = recordsPerRun;
        }

        void add(T record) throws IOException {
            buffer.add(record);
            if (buffer.size() >= recordsPerRun) {
                spill();
            }
        }

        /** Writes what is buffered as one more run. */
        void spill() throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            buffer.sort(order);
            Path run = dir.resolve(prefix + String.format("%06d", sequence++) + SUFFIX);
            try (BufferedWriter out = SortedRunsSink.utf8Writer(run)) {
                for (T record : buffer) {
                    out.write(json.writeValueAsString(record));
                    out.newLine();
                }
            }
            buffer.clear();
        }
    }

    /** The runs of output {@code name} in {@code dir}, in (subtask, sequence) order. */
    static List<Path> runsOf(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String file = p.getFileName().toString();
                        return file.startsWith(name + "-") && file.endsWith(SUFFIX)
                                && file.substring(name.length() + 1).matches("\\d{5}-\\d{6}\\.run");
                    })
                    .sorted()
                    .toList();
        }
    }

    /**
     * Merges sorted {@code runs} into {@code target}, each record written as Jackson writes it,
     * calling {@code each} on every record in output order. Deletes the runs it has merged.
     */
    static <T> void merge(List<Path> runs, Class<T> type, Comparator<T> order, Path target, Consumer<T> each)
            throws IOException {
        merge(runs, type, order, target, each, MAX_FAN_IN);
    }

    static <T> void merge(List<Path> runs, Class<T> type, Comparator<T> order, Path target, Consumer<T> each, int fanIn)
            throws IOException {
        if (fanIn < 2) {
            throw new IllegalArgumentException("fan-in must be at least 2, got " + fanIn);
        }
        List<Path> pending = runs;
        int pass = 0;
        while (pending.size() > fanIn) {
            List<Path> next = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += fanIn) {
                List<Path> group = pending.subList(from, Math.min(from + fanIn, pending.size()));
                Path merged = group.get(0).resolveSibling(String.format("pass%d-%05d-of-%s%s", pass, next.size(), target.getFileName(), SUFFIX));
                mergeOnce(group, type, order, merged, Line::raw, t -> {});
                next.add(merged);
            }
            pending = next;
            pass++;
        }
        ObjectWriter json = Json.mapper().writer();
        mergeOnce(pending, type, order, target, line -> line.reserialized(json), each);
    }

    private static <T> void mergeOnce(
            List<Path> runs, Class<T> type, Comparator<T> order, Path target,
            java.util.function.Function<Line<T>, String> form, Consumer<T> each) throws IOException {
        ObjectReader reader = Json.mapper().readerFor(type);
        Comparator<Line<T>> byRecordThenRun = Comparator.<Line<T>, T>comparing(Line::record, order)
                .thenComparingInt(Line::run);
        PriorityQueue<Line<T>> heads = new PriorityQueue<>(Math.max(1, runs.size()), byRecordThenRun);
        List<BufferedReader> open = new ArrayList<>();
        try (BufferedWriter out = SortedRunsSink.utf8Writer(target)) {
            for (int i = 0; i < runs.size(); i++) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(runs.get(i)), StandardCharsets.UTF_8));
                open.add(in);
                Line<T> first = Line.next(in, i, reader);
                if (first != null) {
                    heads.add(first);
                }
            }
            Line<T> head;
            while ((head = heads.poll()) != null) {
                out.write(form.apply(head));
                out.newLine();
                each.accept(head.record());
                Line<T> next = Line.next(open.get(head.run()), head.run(), reader);
                if (next != null) {
                    heads.add(next);
                }
            }
        } finally {
            for (BufferedReader in : open) {
                in.close();
            }
        }
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
    }

    /** One line of a run, with the record it holds. */
    private record Line<T>(String raw, T record, int run) {

        static <T> Line<T> next(BufferedReader in, int run, ObjectReader reader) throws IOException {
            String line = in.readLine();
            return line == null ? null : new Line<>(line, reader.readValue(line), run);
        }

        String reserialized(ObjectWriter json) {
            try {
                return json.writeValueAsString(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
