package io.channelpulse.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exactly-once job refuses to start with a transaction timeout that could lose or reject output. */
class TransactionTimeoutCheckTest {

    static PulseConfig with(Duration tx, Duration checkpointTimeout, Duration restartBudget) {
        PulseConfig d = PulseConfig.defaults();
        return d.withKafka(d.kafka().withTransactionTimeout(tx))
                .withCheckpoint(Checkpointing.of(Duration.ofSeconds(10), checkpointTimeout, restartBudget));
    }

    @Test
    void defaultsPass() {
        assertThatCode(() -> TransactionTimeoutCheck.checkAgainstCheckpointing(PulseConfig.defaults())).doesNotThrowAnyException();
    }

    @Test
    void timeoutEqualToCheckpointTimeoutPlusRestartBudgetIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> TransactionTimeoutCheck.checkAgainstCheckpointing(
                        with(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(5))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kafka.transaction-timeout: ")
                .hasMessageContaining("checkpoint.timeout")
                .hasMessageContaining("checkpoint.restart-budget");
        assertThatCode(() -> TransactionTimeoutCheck.checkAgainstCheckpointing(
                        with(Duration.ofMinutes(10).plusMillis(1), Duration.ofMinutes(5), Duration.ofMinutes(5))))
                .doesNotThrowAnyException();
    }

    @Test
    void timeoutAboveTheBrokersMaximumIsRefused(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            PulseConfig tooLong = with(Duration.ofMinutes(16), Duration.ofMinutes(5), Duration.ofMinutes(5));
            PulseConfig atMax = with(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(5));
            try (var admin = kafka.admin()) {
                assertThatThrownBy(() -> TransactionTimeoutCheck.checkAgainstBroker(tooLong, admin))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageStartingWith("kafka.transaction-timeout: ")
                        .hasMessageContaining("transaction.max.timeout.ms");
                assertThatCode(() -> TransactionTimeoutCheck.checkAgainstBroker(atMax, admin)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void yamlKeysReachTheCheck() {
        PulseConfig config = ConfigLoader.parse("""
                kafka:
                  transaction-timeout: 2m
                checkpoint:
                  timeout: 1m
                  restart-budget: 1m
                """);
        assertThatThrownBy(() -> TransactionTimeoutCheck.checkAgainstCheckpointing(config))
                .hasMessageStartingWith("kafka.transaction-timeout: ");
    }
}
