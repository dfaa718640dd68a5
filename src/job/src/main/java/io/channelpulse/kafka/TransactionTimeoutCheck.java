package io.channelpulse.kafka;

import io.channelpulse.config.ConfigException;
import io.channelpulse.config.PulseConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start an exactly-once job whose Kafka transactions could expire while a checkpoint or
 * a restart is still in flight (their output would be lost), or that the broker would reject (the
 * job would restart forever with "transaction timeout is larger than the maximum").
 */
public final class TransactionTimeoutCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionTimeoutCheck.class);
    static final String TIMEOUT_KEY = "kafka.transaction-timeout";
    static final String BROKER_MAX = "transaction.max.timeout.ms";

    private TransactionTimeoutCheck() {}

    /** The part of the check that needs no broker. */
    public static void checkAgainstCheckpointing(PulseConfig config) {
        Duration tx = config.kafka().transactionTimeout();
        Duration needed = config.checkpoint().timeoutOrDefault().plus(config.checkpoint().restartBudget());
        if (tx.compareTo(needed) <= 0) {
            throw new ConfigException(TIMEOUT_KEY,
                    "must be larger than checkpoint.timeout + checkpoint.restart-budget ("
                            + config.checkpoint().timeoutOrDefault() + " + " + config.checkpoint().restartBudget()
                            + "), got " + tx);
        }
    }

    /** Checks against the broker's {@code transaction.max.timeout.ms}, when the broker tells it. */
    public static void checkAgainstBroker(PulseConfig config, Admin admin) {
        Optional<Long> max = brokerMax(admin);
        long tx = config.kafka().transactionTimeout().toMillis();
        if (max.isPresent() && tx > max.get()) {
            throw new ConfigException(TIMEOUT_KEY,
                    "is " + tx + " ms, larger than the broker's " + BROKER_MAX + " (" + max.get()
                            + " ms); lower it or raise the broker setting");
        }
    }

    public static void check(PulseConfig config) {
        checkAgainstCheckpointing(config);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            checkAgainstBroker(config, admin);
        }
    }

    private static Optional<Long> brokerMax(Admin admin) {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                return Optional.empty();
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            DescribeConfigsResult result = admin.describeConfigs(java.util.List.of(broker));
            Map<ConfigResource, Config> configs = result.all().get(30, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(broker).get(BROKER_MAX);
            return entry == null || entry.value() == null ? Optional.empty() : Optional.of(Long.parseLong(entry.value()));
        } catch (Exception e) {
            LOG.warn("Could not read {} from the broker ({}); checking only against checkpointing", BROKER_MAX, e.toString());
            return Optional.empty();
        }
    }
}
