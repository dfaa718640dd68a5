package io.channelpulse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.config.ChannelPulseConfig;
import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.Economics;
import io.channelpulse.config.InputBounds;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.ProjectFiles;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration files the documentation shows are valid files: the docs cannot drift from the model. */
class DocumentedConfigTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // 24 bytes, the standard's minimum

    @Test
    void theReadmesFullExampleIsValid() throws Exception {
        String readme = Files.readString(ProjectFiles.path("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration\n"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        Map<String, String> env = Map.of("KAFKA_JAAS_CONFIG", "jaas", "PULSE_WEBHOOK_SECRET", SECRET);

        ChannelPulseConfig config = ConfigLoader.parseAll(yaml, env::get);

        assertThat(config.job().business().timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.panel().businessZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.job().kafka().properties()).containsEntry("sasl.jaas.config", "jaas");
        assertThat(config.delivery().targets()).hasSize(1);
        assertThat(config.panel().managers()).hasSize(1);
        assertThat(config.job().checkpoint().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.job().economics()).as("the README shows the economics defaults").isEqualTo(Economics.defaults());
        assertThat(config.job().input().maxCostAmount()).isEqualByComparingTo(InputBounds.defaults().maxCostAmount());
        assertThat(config.job().topics()).isEqualTo(PulseConfig.Topics.defaults());
    }

    /** The Kubernetes example's pulse.yaml (its ConfigMap) is a valid file. */
    @Test
    void theKubernetesExampleConfigIsValid() throws Exception {
        String manifest = Files.readString(ProjectFiles.path("deploy/flink/channel-pulse.yaml"));
        var configMap = new YAMLMapper().readTree(manifest.substring(0, manifest.indexOf("\n---")));
        String yaml = configMap.path("data").path("pulse.yaml").asText();
        assertThat(yaml).contains("kafka:");

        ChannelPulseConfig config = ConfigLoader.parseAll(yaml, name -> "from-" + name);

        assertThat(config.job().kafka().properties()).containsEntry("sasl.jaas.config", "from-KAFKA_JAAS_CONFIG");
    }
}
