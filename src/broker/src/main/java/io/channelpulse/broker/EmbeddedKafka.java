package io.channelpulse.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker in KRaft mode, running inside this JVM from Kafka's own
 * jars. Serves {@code demo} and the integration tests. The one-node settings that transactions need
 * (replication factor 1 and min ISR 1 for the transaction state log) are set, so exactly-once sinks
 * work against it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Upper bound the broker accepts for a producer's transaction.timeout.ms (Kafka's default). */
    public static final long MAX_TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000L;

    private final Properties props;
    private final String bootstrapServers;
    private final Path dataDir;
    /** The running server, or null while {@link #stop() stopped}. */
    private KafkaRaftServer server;

    private EmbeddedKafka(Properties props, String bootstrapServers, Path dataDir) {
        this.props = props;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if needed and starts a broker on {@code port} (0 picks a free port).
     *
     * @throws PortInUseException if the port is taken
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        int brokerPort = port == 0 ? freePort() : requireFree(port, "Kafka port");
        // The OS may hand out the port it just gave the broker again once that probe socket closed.
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("kraft-logs");
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            Path propsFile = dataDir.resolve("server.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                props.store(out, "Channel Pulse embedded broker");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(propsFile);
            }
            EmbeddedKafka kafka = new EmbeddedKafka(props, "127.0.0.1:" + brokerPort, dataDir);
            kafka.startServer();
            LOG.info("Embedded Kafka broker ready at {} (data in {})", kafka.bootstrapServers, dataDir);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("transaction.max.timeout.ms", Long.toString(MAX_TRANSACTION_TIMEOUT_MS)),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "2"),
                Map.entry("auto.create.topics.enable", "false")));
        return p;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()},
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("kafka storage format failed: " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    private synchronized void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    /**
     * Stops the broker as a crash-free shutdown would, keeping its data directory and ports, so
     * {@link #restart()} brings the same broker back. Does nothing if it is stopped already.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker at {} stopped (data kept in {})", bootstrapServers, dataDir);
        }
    }

    /**
     * Starts the broker again on the same broker and controller ports, from the same data
     * directory without formatting it: topics, committed offsets and transaction state survive, as
     * they do when a real broker restarts. Stops it first if it is running. There is no free-port
     * check here: the old sockets may linger in TIME_WAIT, and Kafka binds with address reuse.
     */
    public synchronized void restart() {
        stop();
        startServer();
        LOG.info("Embedded Kafka broker at {} restarted (data in {})", bootstrapServers, dataDir);
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("embedded Kafka broker did not become ready", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().distinct().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, names);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + names, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    /**
     * Waits until every partition of {@code names} has a leader. Creation returns before that, and
     * a producer that starts at once gets NOT_LEADER_OR_FOLLOWER and, with idempotence, can end up
     * retrying out-of-order sequence numbers until its delivery timeout.
     */
    private static void awaitLeaders(Admin admin, Collection<String> names) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready;
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
                ready = topics.values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // just created: the broker's metadata does not show the topic yet
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("topics " + names + " have no partition leaders after 30 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A port that was free a moment ago, on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Returns {@code port} if nothing listens on it, else throws naming {@code what}. */
    public static int requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new PortInUseException(what + " " + port + " is already in use; choose another or free it");
        }
    }

    /** A requested port is taken. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
