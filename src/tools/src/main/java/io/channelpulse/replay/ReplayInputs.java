package io.channelpulse.replay;

import io.channelpulse.job.StreamTypes;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.EventTimeHorizon;
import io.channelpulse.job.JobInputs;
import io.channelpulse.job.WatermarkStrategies;
import io.channelpulse.serde.EventStream;
import io.channelpulse.replay.JsonLinesFormat;
import io.channelpulse.serde.Parsed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * File sources for {@code replay}: {@code DIR/<stream>.jsonl} per stream, read with {@link
 * FileSource}. A missing file is an empty stream. Each source is followed by the replay clock
 * ({@link EventTimeHorizon}), set to the latest event time found in the input.
 */
public final class ReplayInputs {

    private ReplayInputs() {}

    public static JobInputs create(StreamExecutionEnvironment env, Path dir, PulseConfig config)
            throws IOException {
        long endOfInput = latestEventTime(dir, config);
        return new JobInputs(
                source(env, dir, EventStream.POS_SALES, config, endOfInput),
                source(env, dir, EventStream.PRICES, config, endOfInput),
                source(env, dir, EventStream.INVENTORY, config, endOfInput),
                source(env, dir, EventStream.ORDERS, config, endOfInput),
                source(env, dir, EventStream.GUIDE_PRICES, config, endOfInput),
                source(env, dir, EventStream.PARTNERS, config, endOfInput));
    }

    public static Path fileOf(Path dir, EventStream<?> stream) {
        return dir.resolve(stream.name() + ".jsonl");
    }

    private static <T> DataStream<Parsed<T>> source(
            StreamExecutionEnvironment env, Path dir, EventStream<T> stream, PulseConfig config, long endOfInput) {
        String fileName = stream.name() + ".jsonl";
        // A path string (not a URI) so Flink normalizes away any trailing slash before comparing.
        org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(dir.toAbsolutePath().normalize().toString());
        String rootPath = root.toUri().getPath();
        FileSource<Parsed<T>> files = FileSource
                .forRecordStreamFormat(new JsonLinesFormat<>(stream, fileName, config.input()), root)
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(
                        path -> path.toUri().getPath().equals(rootPath) || path.getName().equals(fileName)))
                .build();
        // One reader per file (the format is not splittable anyway). A second, idle reader would
        // contribute its own watermark, and when it reported it would decide which events are
        // late: replays would stop being repeatable.
        return env.fromSource(files, WatermarkStrategies.replay(stream, config.outOfOrderness()), "Replay " + fileName)
                .setParallelism(1)
                .uid("replay-source-" + stream.name())
                .transform("Replay clock (" + stream.name() + ")", StreamTypes.parsed(stream), new EventTimeHorizon<>(endOfInput))
                .setParallelism(1)
                .uid("replay-clock-" + stream.name());
    }

    /**
     * The latest event time of any valid event in the input: where replay's clock stops. Reference
     * data (guide prices, partners) does not count. With no events, the epoch.
     */
    static long latestEventTime(Path dir, PulseConfig config) throws IOException {
        long latest = Long.MIN_VALUE;
        for (EventStream<?> stream : EventStream.ALL) {
            latest = Math.max(latest, latestIn(dir, stream, config));
        }
        return latest == Long.MIN_VALUE ? 0L : latest;
    }

    private static <T> long latestIn(Path dir, EventStream<T> stream, PulseConfig config) throws IOException {
        Path file = fileOf(dir, stream);
        long latest = Long.MIN_VALUE;
        if (!Files.isRegularFile(file)) {
            return latest;
        }
        // Decode as JsonLinesFormat does, replacing invalid UTF-8: Files.newBufferedReader would
        // throw on it, failing the whole replay for one bad line the job itself dead-letters.
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Parsed<T> parsed = stream.parse(line, io.channelpulse.serde.RecordOrigin.file(stream.name(), file.toString(), number), config.input(), null);
                latest = Math.max(latest, stream.timestampOf(parsed));
            }
        }
        return latest;
    }
}
