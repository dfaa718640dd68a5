package io.channelpulse.cli;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.LiveJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the production entry point. Submitted to a Flink cluster with {@code flink run}
 * (or the Flink Kubernetes Operator), it runs the live job against the configured Kafka cluster.
 * Secrets come from the config file's {@code ${env:...}} and {@code ${file:...}} references only.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the live monitoring job against Kafka (exactly-once, checkpointed).",
            "Submit with: flink run -c io.channelpulse.cli.ChannelPulseCli target/channel-pulse-job.jar run --config pulse.yaml"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the job finished or was cancelled", "1:the job failed", "2:usage or configuration error"})
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigFileOption config = new ConfigFileOption();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Overrides kafka.bootstrap-servers.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        PulseConfig pulse = config.load(spec.commandLine(), bootstrapServers);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ConfigFileOption.orUsageError(spec.commandLine(), () -> {
            LiveJob.requireDurableCheckpoints(pulse, env.getConfiguration());
            return LiveJob.wire(env, pulse);
        });
        env.execute(LiveJob.JOB_NAME);
        return 0;
    }
}
