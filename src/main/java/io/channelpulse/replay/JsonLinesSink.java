package io.channelpulse.replay;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.channelpulse.serde.Json;
import java.io.BufferedWriter;
import java.io.IOException;
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

    static String partPrefix(String name) {
        return name + "-";
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path file = Paths.get(dir, partPrefix(name) + subtask + ".part");
        Files.createDirectories(file.getParent());
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
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
