package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void perTargetBoundsAndMinimumRetryDelayAreReadAndChecked() {
        DeliverySettings defaults = parse(YAML);
        assertThat(defaults.queueCapacity()).isEqualTo(1_000);
        assertThat(defaults.senderThreads()).isEqualTo(2);
        assertThat(defaults.minRetryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.resendMaxAlerts()).isEqualTo(10_000);
        DeliverySettings s = parse(YAML.replace("max-age: 12h", """
                max-age: 12h
                  queue-capacity: 50
                  sender-threads: 4
                  min-retry-delay: 5s
                  resend-max-alerts: 200"""));
        assertThat(s.queueCapacity()).isEqualTo(50);
        assertThat(s.senderThreads()).isEqualTo(4);
        assertThat(s.minRetryDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.resendMaxAlerts()).isEqualTo(200);
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  queue-capacity: 0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.queue-capacity: ");
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  sender-threads: two")))
                .hasMessageStartingWith("delivery.sender-threads: ");
    }

    @Test
    void parkUnroutedAndMaxInFlightDefaultAndParse() {
        DeliverySettings defaults = parse(YAML);
        assertThat(defaults.parkUnrouted()).isFalse();
        assertThat(defaults.maxInFlight()).isEqualTo(DeliverySettings.DEFAULT_MAX_IN_FLIGHT);
        DeliverySettings set = parse(YAML.replace("max-age: 12h", "max-age: 12h\n  park-unrouted: true\n  max-in-flight: 5000"));
        assertThat(set.parkUnrouted()).isTrue();
        assertThat(set.maxInFlight()).isEqualTo(5000);
    }

    @Test
    void badParkUnroutedMaxInFlightAndChannelTypeAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  park-unrouted: yes-please")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.park-unrouted: ");
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  max-in-flight: 0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.max-in-flight: ");
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  max-in-flight: 2.5")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.max-in-flight: ");
        // A typo would silently route nothing.
        assertThatThrownBy(() -> parse(YAML.replace("channel-type: DEALER", "channel-type: DEALERS")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.routes[1].match.channel-type: ");
    }

    @Test
    void maxInFlightMustExceedOneTargetsQueueOrOneStuckTargetWouldPauseEveryOther() {
        assertThatThrownBy(() -> parse(YAML.replace("max-age: 12h", "max-age: 12h\n  queue-capacity: 500\n  max-in-flight: 500")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("delivery.max-in-flight: must be at least 501");
        assertThat(parse(YAML.replace("max-age: 12h", "max-age: 12h\n  queue-capacity: 500\n  max-in-flight: 501")).maxInFlight())
                .isEqualTo(501);
    }
}
