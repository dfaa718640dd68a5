package io.channelpulse.replay;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.channelpulse.serde.Json;
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
 * Writes records as JSON lines to {@code <dir>/<name>-<subtask>.part}, one file per parallel
 * writer. Replay merges and sorts the parts once the job has finished. Replay runs without
 * checkpoints and fails as a whole, so there is no need for FileSink's commit protocol.
 */
final class JsonLinesSink<T> implements Sink<T> {

    private final String dir;
    private final String name;

    JsonLinesSink(Path dir, String name) {
        this.dir = dir.toAbsolutePath().toString();
        this.name = name;
    }

    /**
     * A UTF-8 writer that replaces what UTF-8 cannot encode instead of throwing: a lone surrogate,
     * which an escaped one in an input line's JSON puts into a field or a dead letter's message.
     * ({@code Files.newBufferedWriter} would fail the whole replay on it.)
     */
    static BufferedWriter utf8Writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
    }

    static String partPrefix(String name) {
        return name + "-";
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path file = Paths.get(dir, partPrefix(name) + subtask + ".part");
        Files.createDirectories(file.getParent());
        BufferedWriter out = utf8Writer(file);
        ObjectWriter json = Json.mapper().writer();
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) throws IOException {
                out.write(json.writeValueAsString(record));
                out.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
