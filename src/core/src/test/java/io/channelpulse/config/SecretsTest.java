package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from the environment or files, and a missing one is an error naming the key. */
class SecretsTest {

    @Test
    void environmentReferenceIsReplacedInsideALongerValue() {
        String jaas = Secrets.resolve("kafka.properties.sasl.jaas.config",
                "PlainLoginModule required username=\"pulse\" password=\"${env:PULSE_PW}\";",
                name -> name.equals("PULSE_PW") ? "s3cr3t" : null);
        assertThat(jaas).isEqualTo("PlainLoginModule required username=\"pulse\" password=\"s3cr3t\";");
    }

    @Test
    void fileReferenceIsReadAndTrimmed(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "from-file\n");
        assertThat(Secrets.resolve("k", "${file:" + secret + "}", name -> null)).isEqualTo("from-file");
    }

    @Test
    void missingEnvironmentVariableNamesTheKey() {
        assertThatThrownBy(() -> Secrets.resolve("kafka.properties.ssl.key.password", "${env:NOPE}", name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kafka.properties.ssl.key.password: ")
                .hasMessageContaining("NOPE");
    }

    @Test
    void unreadableFileNamesTheKey() {
        assertThatThrownBy(() -> Secrets.resolve("kafka.properties.x", "${file:/no/such/secret}", name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kafka.properties.x: ");
    }

    @Test
    void plainValuesPassThroughAndYamlPropertiesAreResolved(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("jaas");
        Files.writeString(secret, "secret-jaas");
        PulseConfig config = ConfigLoader.parse("""
                kafka:
                  bootstrap-servers: broker-1:9093,broker-2:9093
                  group-id: pulse-prod
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: ${file:%s}
                    request.timeout.ms: 30000
                """.formatted(secret));
        assertThat(config.kafka().properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "secret-jaas",
                "request.timeout.ms", "30000"));
        assertThat(config.kafka().clientProperties()).containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093");
        assertThat(config.kafka().groupId()).isEqualTo("pulse-prod");
    }
}
