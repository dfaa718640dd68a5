package io.channelpulse.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes one of replay's outputs as sorted runs of JSON lines ({@link SortedRuns.Spiller}), one
 * series per parallel writer; replay merges them once the job has finished. Replay runs without
 * checkpoints and fails as a whole, so there is no need for FileSink's commit protocol.
 */
final class SortedRunsSink<T> implements Sink<T> {

    private final String dir;
    private final ReplayOutput output;
    private final Class<T> type;

    SortedRunsSink(Path dir, ReplayOutput output, Class<T> type) {
        this.dir = dir.toAbsolutePath().toString();
        this.output = output;
        this.type = type;
        output.order(type); // fails here, at job build time, on a type mismatch
    }

    /**
     * A UTF-8 writer that replaces what UTF-8 cannot encode instead of throwing: a lone surrogate,
     * which an escaped one in an input line's JSON puts into a field or a dead letter's message.
     * ({@code Files.newBufferedWriter} would fail the whole replay on it.)
     */
    static BufferedWriter utf8Writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path staging = Paths.get(dir);
        Files.createDirectories(staging);
        SortedRuns.Spiller<T> runs = new SortedRuns.Spiller<>(
                staging, output.stem(), context.getTaskInfo().getIndexOfThisSubtask(), output.order(type),
                SortedRuns.RECORDS_PER_RUN);
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) throws IOException {
                runs.add(record);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                if (endOfInput) {
                    runs.spill();
                }
            }

            @Override
            public void close() {}
        };
    }
}
