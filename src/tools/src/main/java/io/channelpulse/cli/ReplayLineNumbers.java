package io.channelpulse.cli;

import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.EventStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a dead letter read from Kafka the file name and line number replay gives the same record,
 * from the replay directory that {@code produce} sent: {@code produce} writes a file's non-blank
 * lines to one partition in order, so offset N of a topic that was empty before is the file's
 * N-th non-blank line. The payload must match that line; if it does not, the unique line with
 * that payload is taken, and failing that the dead letter keeps its Kafka origin.
 */
final class ReplayLineNumbers {

    private record Line(long number, String text) {}

    private final Map<String, List<Line>> nonBlankLines;

    private ReplayLineNumbers(Map<String, List<Line>> nonBlankLines) {
        this.nonBlankLines = nonBlankLines;
    }

    /** Reads {@code dir/<stream>.jsonl} the way replay does: any line terminator, blank lines counted but skipped. */
    static ReplayLineNumbers of(Path dir) throws IOException {
        Map<String, List<Line>> lines = new HashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            Path file = dir.resolve(fileName(stream.name()));
            List<Line> kept = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    long number = 0;
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        number++;
                        if (!text.isBlank()) {
                            kept.add(new Line(number, text));
                        }
                    }
                }
            }
            lines.put(stream.name(), kept);
        }
        return new ReplayLineNumbers(lines);
    }

    /** The file name replay records in its dead letters. */
    private static String fileName(String stream) {
        return stream + ".jsonl";
    }

    DeadLetter toReplayOrigin(DeadLetter d) {
        List<Line> lines = nonBlankLines.get(d.stream());
        if (d.offset() == null || lines == null || d.payload() == null) {
            return d;
        }
        Line line = null;
        if (d.offset() < lines.size() && lines.get(d.offset().intValue()).text().equals(d.payload())) {
            line = lines.get(d.offset().intValue());
        } else {
            List<Line> same = lines.stream().filter(l -> l.text().equals(d.payload())).limit(2).toList();
            if (same.size() == 1) {
                line = same.get(0);
            }
        }
        if (line == null) {
            return d;
        }
        return new DeadLetter(d.stream(), null, null, null, fileName(d.stream()), line.number(),
                d.reason(), d.field(), d.message(), d.eventTime(), d.payload());
    }
}
