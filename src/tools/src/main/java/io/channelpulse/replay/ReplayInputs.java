package io.channelpulse.replay;

import io.channelpulse.job.StreamTypes;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.JobInputs;
import io.channelpulse.job.WatermarkStrategies;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * File sources for {@code replay}: {@code DIR/<stream>.jsonl} per stream, read with {@link
 * FileSource}. A missing file is an empty stream. Each event stream's source is followed by
 * replay's clock ({@link ReplayClock}), which stops event time at the latest event of the whole
 * input: found while reading, not by a second pass over the files.
 */
public final class ReplayInputs {

    /**
     * How far one event stream's source may read ahead of the slowest in event time (see {@link
     * ReplayClocks}): at replay speed, about a second of reading, and a bound on what joins buffer.
     */
    static final Duration MAX_DRIFT = Duration.ofHours(1);

    private ReplayInputs() {}

    /**
     * The seven sources of one replay. {@code clocks} coordinates their clocks;
     * open it with {@link #clocks()} and close it once the job has ended.
     */
    public static JobInputs create(StreamExecutionEnvironment env, Path dir, PulseConfig config, ReplayClocks.Handle clocks) {
        return new JobInputs(
                source(env, dir, EventStream.POS_SALES, config, clocks),
                source(env, dir, EventStream.PRICES, config, clocks),
                source(env, dir, EventStream.INVENTORY, config, clocks),
                source(env, dir, EventStream.ORDERS, config, clocks),
                source(env, dir, EventStream.CHANNEL_COSTS, config, clocks),
                source(env, dir, EventStream.GUIDE_PRICES, config, clocks),
                source(env, dir, EventStream.PARTNERS, config, clocks));
    }

    /** The clocks of the five event streams of {@link #create}. */
    public static ReplayClocks.Handle clocks() {
        return ReplayClocks.open(
                EventStream.ALL.stream().filter(EventStream::isEventStream).map(EventStream::name).toList(), MAX_DRIFT);
    }

    public static Path fileOf(Path dir, EventStream<?> stream) {
        return dir.resolve(stream.name() + ".jsonl");
    }

    private static <T> DataStream<Parsed<T>> source(
            StreamExecutionEnvironment env, Path dir, EventStream<T> stream, PulseConfig config, ReplayClocks.Handle clocks) {
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
        DataStream<Parsed<T>> read = env.fromSource(files, WatermarkStrategies.replay(stream, config.outOfOrderness()), "Replay " + fileName)
                .setParallelism(1)
                .uid("replay-source-" + stream.name());
        if (!stream.isEventStream()) {
            return read; // see ReplayClock: reference data ends at +infinity
        }
        return read.transform("Replay clock (" + stream.name() + ")", StreamTypes.parsed(stream), new ReplayClock<>(clocks, stream.name()))
                .setParallelism(1)
                .uid("replay-clock-" + stream.name());
    }
}
