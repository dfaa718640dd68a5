package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.config.DeliverySettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channelpulse.config.ConfigException;
import io.channelpulse.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delivery section as ConfigLoader binds it: targets, routes, timings, and errors that name the key. */
class DeliverySettingsBindingTest {

    static final String YAML = """
            delivery:
              group-window: 45s
              max-age: 12h
              targets:
                - name: oncall
                  type: webhook
                  url: https://hooks.example.com/pulse
                  secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "plain-old"]
                - name: am
                  type: alertmanager
                  url: http://alertmanager:9093
              routes:
                - match: {severity: CRITICAL}
                  targets: [oncall, am]
                - match: {rule: ORDER_RESPONSE_SLA, channel-type: DEALER}
                  targets: [am]
            """;

    static DeliverySettings parse(String yaml) {
        return ConfigLoader.parseAll(yaml).delivery();
    }

    @Test
    void parsesTargetsRoutesAndTimings() {
        DeliverySettings s = parse(YAML);
        assertThat(s.targets()).extracting(Target::name, Target::kind)
                .containsExactly(org.assertj.core.api.Assertions.tuple("oncall", Target.Kind.WEBHOOK),
                        org.assertj.core.api.Assertions.tuple("am", Target.Kind.ALERTMANAGER));
        assertThat(s.targets().get(0).secrets()).containsExactly("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "plain-old");
        assertThat(s.routes()).hasSize(2);
        assertThat(s.routes().get(1).channelType()).isEqualTo("DEALER");
        assertThat(s.groupWindow()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.maxAge()).isEqualTo(Duration.ofHours(12));
        // the main loader accepts the same file
        assertThat(ConfigLoader.parse(YAML)).isNotNull();
    }

    @Test
    void routeToAnUnknownTargetNamesTheKey() {
        assertThatThrownBy(() -> parse(YAML.replace("targets: [am]", "targets: [pager]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("delivery.routes[1].targets[0]: unknown target 'pager'");
    }

    @Test
    void badTypeUrlAndRuleAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> parse(YAML.replace("type: webhook", "type: email")))
                .hasMessageStartingWith("delivery.targets[0].type: ");
        assertThatThrownBy(() -> parse(YAML.replace("https://hooks.example.com/pulse", "hooks")))
                .hasMessageStartingWith("delivery.targets[0].url: ");
        assertThatThrownBy(() -> parse(YAML.replace("rule: ORDER_RESPONSE_SLA", "rule: LATE")))
                .hasMessageStartingWith("delivery.routes[1].match.rule: ");
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: soon")))
                .hasMessageStartingWith("delivery.max-age: ");
    }
}
