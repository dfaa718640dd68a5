package io.channelpulse.replay;

import io.channelpulse.serde.RecordOrigin;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.job.StreamTypes;
import io.channelpulse.config.InputBounds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a replay file of one JSON object per line into {@link Parsed} records, so a bad line
 * becomes a dead letter with its file name and 1-based line number. Blank lines are skipped. The
 * format is not splittable: line numbers need the whole file from its start.
 */
public final class JsonLinesFormat<T> extends SimpleStreamFormat<Parsed<T>> {

    private final EventStream<T> stream;
    private final String fileName;
    private final InputBounds bounds;

    public JsonLinesFormat(EventStream<T> stream, String fileName, InputBounds bounds) {
        this.stream = stream;
        this.fileName = fileName;
        this.bounds = bounds;
    }

    @Override
    public StreamFormat.Reader<Parsed<T>> createReader(Configuration config, FSDataInputStream in) {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new StreamFormat.Reader<>() {
            private long lineNumber;

            @Override
            public Parsed<T> read() throws IOException {
                String line;
                do {
                    line = lines.readLine();
                    if (line == null) {
                        return null;
                    }
                    lineNumber++;
                } while (line.isBlank());
                return stream.parse(line, RecordOrigin.file(stream.name(), fileName, lineNumber), bounds, null);
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<Parsed<T>> getProducedType() {
        return StreamTypes.parsed(stream);
    }
}
