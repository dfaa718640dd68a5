package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code broker}: starts with the job's topics, prints where it is, stops on request; a busy port is a usage error. */
class BrokerCommandTest {

    private static final Pattern STARTED = Pattern.compile("Kafka broker \\(KRaft\\) at (\\S+), data in (\\S+)");

    private final CliRun cli = new CliRun();

    @Test
    void startsWithTheConfiguredTopicsAndStopsCleanlyWhenAsked(@TempDir Path tmp) throws Exception {
        Path configFile = CliRun.configWithTopics(tmp, "brokered", "unused:9092");
        PulseConfig config = ConfigLoader.load(configFile);
        Path data = tmp.resolve("data");
        BrokerCommand broker = (BrokerCommand) cli.commandLine.getSubcommands().get("broker").getCommand();

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run(
                "broker", "--kafka-port", "0", "--data-dir", data.toString(), "--config", configFile.toString(), "--partitions", "3"));
        try {
            Matcher started = awaitStart(exit);
            String bootstrap = started.group(1);
            assertThat(started.group(2)).isEqualTo(data.toString());

            List<String> topics = new ArrayList<>(config.topics().inputs().values());
            topics.addAll(List.of("brokered.alerts", "brokered.channel-kpis", "brokered.dead-letters", "brokered.partner-tiers", "brokered.channel-economics"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(described).hasSize(12);
                assertThat(described.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
            }
        } finally {
            broker.stop();
        }
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("Stop with Ctrl-C.", "Stopping...", "Stopped.");
    }

    @Test
    void aBusyPortIsAUsageErrorNamingTheOption(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            int code = cli.run("broker", "--kafka-port", Integer.toString(port), "--data-dir", tmp.toString());

            assertThat(code).isEqualTo(2);
            assertThat(cli.err.toString()).contains("--kafka-port " + port + " is already in use");
            assertThat(cli.out.toString()).doesNotContain("Kafka broker");
        }
    }

    @Test
    void helpListsItsOptions() {
        assertThat(cli.run("broker", "--help")).isZero();
        assertThat(cli.out.toString()).contains("--kafka-port", "--data-dir", "--config", "--partitions", "Exit codes");
    }

    private Matcher awaitStart(CompletableFuture<Integer> exit) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            Matcher m = STARTED.matcher(cli.out.toString());
            if (m.find()) {
                return m;
            }
            if (exit.isDone()) {
                throw new AssertionError("broker exited with " + exit.get() + ": " + cli.err);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("broker did not start; output: " + cli.out + cli.err);
    }
}
