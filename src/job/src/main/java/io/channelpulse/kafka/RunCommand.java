package io.channelpulse.kafka;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.config.ConfigFileOption;
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
            "Submit with: flink run target/channel-pulse-job.jar --config pulse.yaml"
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // The whole file (job, delivery, panel) is validated before anything starts.
        PulseConfig pulse = config.load(spec.commandLine(), bootstrapServers);
        ConfigFileOption.orUsageError(spec.commandLine(), () -> {
            LiveJob.requireDurableCheckpoints(pulse, env.getConfiguration());
            return LiveJob.wire(env, pulse);
        });
        env.execute(LiveJob.JOB_NAME);
        return 0;
    }

    /**
     * The job jar's entry point, for {@code flink run} and the REST API's jar upload. It exits only
     * on an error: in application mode main runs inside the JobManager, which must not be stopped.
     */
    public static void main(String[] args) {
        int code = new CommandLine(new RunCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
