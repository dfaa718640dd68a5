package io.channelpulse.bench;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.JobInputs;
import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.replay.ReplayClocks;
import io.channelpulse.replay.ReplayInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * P1's denominator: replay's sources and parsing ({@link ReplayInputs}, with its replay clock) on the
 * same environment settings as {@code replay}, every stream discarded. Run as a child JVM main
 * class ({@code java -cp channel-pulse.jar io.channelpulse.bench.NoopPipeline DIR}) so it pays the
 * same JVM and MiniCluster start as the full job it is compared with.
 */
public final class NoopPipeline {

    private NoopPipeline() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: NoopPipeline <replay input directory>");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        PulseConfig config = PulseConfig.defaults();
        // The same settings as Replay.run(input, output): streaming mode, the job's engine defaults
        // (no generic types, object reuse), parallelism 2.
        Configuration conf = ChannelPulseJob.engineDefaults(new Configuration());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        try (ReplayClocks.Handle clocks = ReplayInputs.clocks()) {
            JobInputs inputs = ReplayInputs.create(env, input, config, clocks);
            discard(inputs.posSales(), "pos-sales");
            discard(inputs.prices(), "prices");
            discard(inputs.inventory(), "inventory");
            discard(inputs.orders(), "orders");
            discard(inputs.channelCosts(), "channel-costs");
            discard(inputs.guidePrices(), "guide-prices");
            discard(inputs.partners(), "partners");
            env.execute("channel-pulse-bench-noop " + input.getFileName());
        }
    }

    private static <T> void discard(DataStream<T> stream, String name) {
        stream.sinkTo(new DiscardingSink<>()).name("Discard " + name).uid("bench-discard-" + name);
    }
}
