package io.channelpulse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.support.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What each shipped jar holds. The build packages them before the tests run (see the modules'
 * POMs), so these checks read the very files a user deploys.
 */
class JarContentsTest {

    static final Path JOB_JAR = ProjectFiles.path("target/channel-pulse-job.jar");
    static final Path GATEWAY_JAR = ProjectFiles.path("target/channel-pulse-gateway.jar");
    static final Path RUNNABLE_JAR = ProjectFiles.path("target/channel-pulse.jar");

    @Test
    void jobJarHoldsTheJobAndWhatTheClusterLacks_andNothingElse() throws IOException {
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            List<String> names = names(jar);
            assertThat(names).anyMatch(n -> n.startsWith("io/channelpulse/job/"))
                    .anyMatch(n -> n.startsWith("io/channelpulse/detect/"))
                    .anyMatch(n -> n.startsWith("io/channelpulse/kafka/"))
                    .anyMatch(n -> n.startsWith("io/channelpulse/model/"))
                    .anyMatch(n -> n.startsWith("org/apache/flink/cep/"))
                    .anyMatch(n -> n.startsWith("org/apache/flink/connector/kafka/"))
                    .anyMatch(n -> n.startsWith("org/apache/kafka/clients/"))
                    .anyMatch(n -> n.startsWith("com/fasterxml/jackson/databind/"));
            assertThat(names).as("the cluster provides Flink, logging; the job has no gateway, tools or broker")
                    .noneMatch(n -> n.startsWith("io/channelpulse/gateway/") || n.startsWith("io/channelpulse/cli/")
                            || n.startsWith("io/channelpulse/broker/") || n.startsWith("io/channelpulse/sim/")
                            || n.startsWith("io/channelpulse/replay/")
                            || n.startsWith("org/apache/flink/streaming/api/")
                            || n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/api/common/")
                            || n.startsWith("kafka/server/") || n.startsWith("org/apache/kafka/raft/")
                            || n.startsWith("scala/") || n.startsWith("org/apache/logging/")
                            || n.startsWith("org/slf4j/") || n.startsWith("io/micrometer/") || n.startsWith("io/javalin/")
                            || n.equals("log4j2.properties") || n.equals("log4j2-test.properties"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.channelpulse.kafka.RunCommand");
            assertThat(names).contains("io/channelpulse/kafka/RunCommand.class");
        }
        assertThat(Files.size(JOB_JAR)).as("job jar size").isLessThan(40L << 20);
    }

    @Test
    void gatewayJarHoldsTheGatewayAlone() throws IOException {
        try (JarFile jar = new JarFile(GATEWAY_JAR.toFile())) {
            List<String> names = names(jar);
            assertThat(names).anyMatch(n -> n.startsWith("io/channelpulse/gateway/delivery/"))
                    .anyMatch(n -> n.startsWith("io/channelpulse/gateway/panel/"))
                    .anyMatch(n -> n.startsWith("io/channelpulse/config/"))
                    .anyMatch(n -> n.startsWith("io/micrometer/prometheusmetrics/"))
                    .anyMatch(n -> n.startsWith("org/apache/kafka/clients/consumer/"))
                    .anyMatch(n -> n.startsWith("org/apache/logging/log4j/core/"))
                    .anyMatch(n -> n.startsWith("io/javalin/"))
                    .anyMatch(n -> n.startsWith("org/eclipse/jetty/server/"))
                    .anyMatch(n -> n.startsWith("com/github/benmanes/caffeine/"))
                    .contains("panel/index.html", "log4j2.properties");
            assertThat(names).as("no Flink, no broker, no job, no tools")
                    .noneMatch(n -> n.startsWith("org/apache/flink/") || n.startsWith("kafka/server/")
                            || n.startsWith("scala/") || n.startsWith("org/apache/kafka/raft/")
                            || n.startsWith("org/apache/kafka/controller/")
                            || n.startsWith("io/channelpulse/job/") || n.startsWith("io/channelpulse/detect/")
                            || n.startsWith("io/channelpulse/kpi/") || n.startsWith("io/channelpulse/kafka/")
                            || n.startsWith("io/channelpulse/cli/") || n.startsWith("io/channelpulse/broker/")
                            || n.equals("log4j2-test.properties"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.channelpulse.gateway.GatewayCommand");
            assertThat(names).contains("io/channelpulse/gateway/GatewayCommand.class",
                    "io/channelpulse/gateway/HashPasswordCommand.class");
        }
        assertThat(Files.size(GATEWAY_JAR)).as("gateway jar size").isLessThan(48L << 20);
    }

    @Test
    void runnableJarHoldsEverythingForOneMachine() throws IOException {
        try (JarFile jar = new JarFile(RUNNABLE_JAR.toFile())) {
            List<String> names = names(jar);
            assertThat(names).contains(
                    "io/channelpulse/cli/ChannelPulseCli.class",
                    "io/channelpulse/kafka/LiveJob.class",
                    "io/channelpulse/gateway/Gateway.class",
                    "io/channelpulse/broker/EmbeddedKafka.class",
                    "kafka/server/KafkaRaftServer.class",
                    "org/HdrHistogram/Recorder.class", // the broker's coordinators need it at start-up
                    "org/apache/flink/runtime/minicluster/MiniCluster.class",
                    "log4j2.properties");
            assertThat(names).doesNotContain("log4j2-test.properties");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.channelpulse.cli.ChannelPulseCli");
        }
    }

    private static List<String> names(JarFile jar) {
        return jar.stream().map(ZipEntry::getName).toList();
    }
}
