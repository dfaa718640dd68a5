package io.channelpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channelpulse.config.ConfigException;
import io.channelpulse.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delivery section: targets, routes, timings, and errors that name the key. */
class DeliveryConfigLoaderTest {

    static final String YAML = """
            delivery:
              group-window: 45s
              max-age: 12h
              targets:
                - name: oncall
                  type: webhook
                  url: https://hooks.example.com/pulse
                  secrets: ["whsec_abc", "plain-old"]
                - name: am
                  type: alertmanager
                  url: http://alertmanager:9093
              routes:
                - match: {severity: CRITICAL}
                  targets: [oncall, am]
                - match: {rule: ORDER_RESPONSE_SLA, channel-type: DEALER}
                  targets: [am]
            """;

    @Test
    void parsesTargetsRoutesAndTimings() {
        DeliverySettings s = DeliveryConfigLoader.parse(YAML);
        assertThat(s.targets()).extracting(Target::name, Target::kind)
                .containsExactly(org.assertj.core.api.Assertions.tuple("oncall", Target.Kind.WEBHOOK),
                        org.assertj.core.api.Assertions.tuple("am", Target.Kind.ALERTMANAGER));
        assertThat(s.targets().get(0).secrets()).containsExactly("whsec_abc", "plain-old");
        assertThat(s.routes()).hasSize(2);
        assertThat(s.routes().get(1).channelType()).isEqualTo("DEALER");
        assertThat(s.groupWindow()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.maxAge()).isEqualTo(Duration.ofHours(12));
        // the main loader accepts the same file
        assertThat(ConfigLoader.parse(YAML)).isNotNull();
    }

    @Test
    void routeToAnUnknownTargetNamesTheKey() {
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("targets: [am]", "targets: [pager]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("delivery.routes[1].targets[0]: unknown target 'pager'");
    }

    @Test
    void badTypeUrlAndRuleAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("type: webhook", "type: email")))
                .hasMessageStartingWith("delivery.targets[0].type: ");
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("https://hooks.example.com/pulse", "hooks")))
                .hasMessageStartingWith("delivery.targets[0].url: ");
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("rule: ORDER_RESPONSE_SLA", "rule: LATE")))
                .hasMessageStartingWith("delivery.routes[1].match.rule: ");
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("max-age: 12h", "max-age: soon")))
                .hasMessageStartingWith("delivery.max-age: ");
    }

    @Test
    void parkUnroutedAndMaxInFlightDefaultAndParse() {
        DeliverySettings defaults = DeliveryConfigLoader.parse(YAML);
        assertThat(defaults.parkUnrouted()).isFalse();
        assertThat(defaults.maxInFlight()).isEqualTo(DeliverySettings.DEFAULT_MAX_IN_FLIGHT);
        DeliverySettings set = DeliveryConfigLoader.parse(YAML.replace("max-age: 12h", "max-age: 12h\n  park-unrouted: true\n  max-in-flight: 50"));
        assertThat(set.parkUnrouted()).isTrue();
        assertThat(set.maxInFlight()).isEqualTo(50);
    }

    @Test
    void badParkUnroutedMaxInFlightAndChannelTypeAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("max-age: 12h", "max-age: 12h\n  park-unrouted: yes-please")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.park-unrouted: ");
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("max-age: 12h", "max-age: 12h\n  max-in-flight: 0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.max-in-flight: ");
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("max-age: 12h", "max-age: 12h\n  max-in-flight: 2.5")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.max-in-flight: ");
        // A typo would silently route nothing.
        assertThatThrownBy(() -> DeliveryConfigLoader.parse(YAML.replace("channel-type: DEALER", "channel-type: DEALERS")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.routes[1].match.channel-type: ");
    }
}
