package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Route;
import io.channelpulse.config.Target;
import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole file bound as one model: job, delivery and panel sections, with errors naming the dotted key. */
class ChannelPulseConfigTest {

    static final String HASH = org.springframework.security.crypto.bcrypt.BCrypt.hashpw("pw", org.springframework.security.crypto.bcrypt.BCrypt.gensalt(4));
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // 24 bytes, the standard's minimum

    static final String FULL = """
            business:
              time-zone: Europe/Berlin
            kpi:
              window: 5m
            rules:
              order-response-sla:
                sla: 4h
            delivery:
              group-window: 45s
              max-age: 12h
              request-timeout: 5s
              initial-backoff: 2s
              max-backoff: 1m
              resend-interval: 30s
              undeliverable-topic: parked
              panel-url: https://pulse.example.com/channels/{channelId}
              runbook-base-url: https://runbooks.example.com/
              queue-capacity: 500
              sender-threads: 3
              min-retry-delay: 2s
              resend-max-alerts: 2000
              park-unrouted: true
              max-in-flight: 5000
              targets:
                - name: oncall
                  type: webhook
                  url: https://hooks.example.com/pulse
                  secrets: ["%s", "${env:PULSE_HOOK_SECRET}"]
                - name: am
                  type: alertmanager
                  url: http://alertmanager:9093
              routes:
                - match: {severity: CRITICAL}
                  targets: [oncall, am]
                - match: {rule: ORDER_RESPONSE_SLA, channel: CH-1, channel-type: DEALER}
                  targets: [am]
            panel:
              users:
                - username: alice
                  name: Alice Wang
                  password-hash: %s
                  channels: [CH-1, CH-2]
                - username: ops
                  password-hash: %s
                  role: admin
              session-ttl: 2h
              max-login-failures: 3
              login-failure-window: 10m
              history: 12h
              grafana-url: https://grafana.example.com/d/x?var-channel={channelId}
            """.formatted(SECRET, HASH, HASH);

    static final Map<String, String> ENV = Map.of("PULSE_HOOK_SECRET", "raw-secret-from-env");

    static ChannelPulseConfig parse(String yaml) {
        return ConfigLoader.parseAll(yaml, ENV::get);
    }

    static ConfigException rejected(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        return e;
    }

    static ConfigException assertRejectedNaming(String yaml, String key) {
        ConfigException e = rejected(yaml);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ");
        return e;
    }

    @Test
    void aValidFullFileBindsToTheExpectedRecords() {
        ChannelPulseConfig config = parse(FULL);

        assertThat(config.job()).isEqualTo(PulseConfig.defaults()
                .withKpiWindow(Duration.ofMinutes(5))
                .withSla(Duration.ofHours(4))
                .withBusiness(new Business(ZoneId.of("Europe/Berlin"))));
        assertThat(config.delivery()).isEqualTo(new DeliverySettings(
                List.of(new Target("oncall", Target.Kind.WEBHOOK, "https://hooks.example.com/pulse", List.of(SECRET, "raw-secret-from-env")),
                        new Target("am", Target.Kind.ALERTMANAGER, "http://alertmanager:9093", List.of())),
                List.of(new Route(null, "CRITICAL", null, null, List.of("oncall", "am")),
                        new Route("ORDER_RESPONSE_SLA", null, "CH-1", "DEALER", List.of("am"))),
                Duration.ofSeconds(45), Duration.ofHours(12), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofMinutes(1), Duration.ofSeconds(30), "parked",
                "https://pulse.example.com/channels/{channelId}", "https://runbooks.example.com/",
                500, 3, Duration.ofSeconds(2), 2000, true, 5000));
        assertThat(config.panel()).isEqualTo(new PanelSettings(
                List.of(new Manager("alice", HASH, Set.of("CH-1", "CH-2"), false, "Alice Wang"),
                        new Manager("ops", HASH, Set.of(), true, "ops")),
                Duration.ofHours(2), 3, Duration.ofMinutes(10), Duration.ofHours(12),
                "https://grafana.example.com/d/x?var-channel={channelId}").withBusinessZone(ZoneId.of("Europe/Berlin")));
    }

    @Test
    void anEmptyFileGivesEverySectionItsDefaults() {
        ChannelPulseConfig config = parse("");

        assertThat(config).isEqualTo(ChannelPulseConfig.defaults());
        assertThat(config.job().business().timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.delivery()).isEqualTo(DeliverySettings.none());
        assertThat(config.panel()).isEqualTo(PanelSettings.none());
    }

    @Test
    void unknownKeyAtEveryNestingLevelNamesItsDottedPath() {
        assertRejectedNaming("panel:\n  max-login-failurs: 3\n", "panel.max-login-failurs");
        assertRejectedNaming("panel:\n  managers: []\n", "panel.managers");
        assertRejectedNaming("panel:\n  users:\n    - username: a\n      password-hash: " + HASH + "\n      channels: [x]\n      chanels: [y]\n",
                "panel.users[0].chanels");
        assertRejectedNaming("delivery:\n  retries: 3\n", "delivery.retries");
        assertRejectedNaming(FULL.replace("    - match: {severity: CRITICAL}", "    - match: {severity: CRITICAL, team: x}"),
                "delivery.routes[0].match.team");
        assertRejectedNaming(FULL.replace("      type: alertmanager", "      type: alertmanager\n      kind: x"),
                "delivery.targets[1].kind");
        assertRejectedNaming("business:\n  timezone: UTC\n", "business.timezone");
        assertRejectedNaming("checkpoint:\n  directory: file:///x\n", "checkpoint.directory");
        assertRejectedNaming("kafka:\n  bootstrap: x\n", "kafka.bootstrap");
        assertRejectedNaming("input:\n  max-price: 5\n", "input.max-price");
        assertRejectedNaming("rules:\n  order-response-sla:\n    limit: 4h\n", "rules.order-response-sla.limit");
    }

    @ParameterizedTest(name = "max-login-failures: {0} is rejected")
    @ValueSource(strings = {"five", "\"5\"", "5.5", "true", "[5]"})
    void aNumberWrittenAsAnythingElseIsRejectedNamingTheKey(String value) {
        assertRejectedNaming("panel:\n  max-login-failures: " + value + "\n", "panel.max-login-failures");
    }

    @Test
    void zeroLoginFailuresIsRejected() {
        ConfigException e = assertRejectedNaming("panel:\n  max-login-failures: 0\n", "panel.max-login-failures");
        assertThat(e.getMessage()).contains("at least 1");
    }

    @Test
    void numbersElsewhereAreNotCoercedFromStringsEither() {
        assertRejectedNaming("input:\n  max-quantity: \"1000\"\n", "input.max-quantity");
        assertRejectedNaming("checkpoint:\n  tolerable-failures: three\n", "checkpoint.tolerable-failures");
        assertRejectedNaming("input:\n  money-scale: 2.5\n", "input.money-scale");
    }

    @Test
    void aWholeNumberIsAFineDecimalButNotAString() {
        assertThat(parse("input:\n  max-unit-price: 500\n").job().input().maxUnitPrice()).isEqualByComparingTo("500");
        assertRejectedNaming("topics:\n  alerts: 42\n", "topics.alerts");
        assertRejectedNaming("kafka:\n  group-id: true\n", "kafka.group-id");
        assertRejectedNaming("rules:\n  price-below-guide:\n    threshold: \"0.1\"\n", "rules.price-below-guide.threshold");
    }

    @Test
    void badDurationsAreRejectedNamingTheKey() {
        assertRejectedNaming("panel:\n  session-ttl: forever\n", "panel.session-ttl");
        assertRejectedNaming("panel:\n  history: 0s\n", "panel.history");
        assertRejectedNaming("delivery:\n  group-window: 30\n", "delivery.group-window");
        assertRejectedNaming("delivery:\n  max-age: -1h\n", "delivery.max-age");
        assertRejectedNaming("checkpoint:\n  interval: [1s]\n", "checkpoint.interval");
    }

    @Test
    void badWebhookSecretsAreRejectedNamingTheSecretWithoutEchoingIt() {
        ConfigException notBase64 = assertRejectedNaming(FULL.replace(SECRET, "whsec_not*base64"), "delivery.targets[0].secrets[0]");
        assertThat(notBase64.getMessage()).doesNotContain("not*base64");
        assertRejectedNaming(FULL.replace(SECRET, "whsec_c2VjcmV0LWZvci10ZXN0cw=="), "delivery.targets[0].secrets[0]"); // 16 bytes
        assertRejectedNaming(FULL.replace(SECRET, ""), "delivery.targets[0].secrets[0]");
        assertRejectedNaming(FULL.replace(SECRET, "whsec_"), "delivery.targets[0].secrets[0]");
    }

    @Test
    void anUnsetEnvironmentSecretNamesTheKeyAndASetOneIsResolved() {
        assertThat(parse(FULL).delivery().targets().get(0).secrets()).containsExactly(SECRET, "raw-secret-from-env");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parseAll(FULL, name -> null));
        assertThat(e.key()).isEqualTo("delivery.targets[0].secrets[1]");
        assertThat(e.getMessage()).contains("PULSE_HOOK_SECRET");
    }

    @ParameterizedTest(name = "url {0} is rejected")
    @ValueSource(strings = {"httpx://hooks.example.com/x", "ftp://hooks.example.com/x", "hooks.example.com/x", "/relative", "http://", "https:///path-without-host", "http://bad host/"})
    void aTargetUrlThatIsNotAnAbsoluteHttpUrlWithAHostIsRejected(String url) {
        String yaml = FULL.replace("http://alertmanager:9093", url);
        assertRejectedNaming(yaml, "delivery.targets[1].url");
    }

    @Test
    void routesMustNameKnownTargetsAndTargetNamesAreUnique() {
        assertThat(rejected(FULL.replace("targets: [am]", "targets: [pager]")).getMessage())
                .startsWith("delivery.routes[1].targets[0]: unknown target 'pager'");
        assertRejectedNaming(FULL.replace("name: am", "name: oncall"), "delivery.targets[1].name");
        assertRejectedNaming(FULL.replace("targets: [am]", "targets: []"), "delivery.routes[1].targets");
        assertRejectedNaming(FULL.replace("type: alertmanager", "type: email"), "delivery.targets[1].type");
        assertRejectedNaming(FULL.replace("rule: ORDER_RESPONSE_SLA", "rule: LATE"), "delivery.routes[1].match.rule");
        assertRejectedNaming(FULL.replace("severity: CRITICAL", "severity: LOUD"), "delivery.routes[0].match.severity");
    }

    @Test
    void panelUsersAreValidatedUnderTheirIndex() {
        assertRejectedNaming(FULL.replace("username: ops", "username: alice"), "panel.users[1].username");
        assertRejectedNaming(FULL.replaceFirst("password-hash: \\S+", "password-hash: hunter2"), "panel.users[0].password-hash");
        assertRejectedNaming(FULL.replace("role: admin", "role: root"), "panel.users[1].role");
        assertRejectedNaming(FULL.replace("      channels: [CH-1, CH-2]\n", ""), "panel.users[0].channels");
        assertRejectedNaming(FULL.replace("    - username: alice\n", "    - role: manager\n"), "panel.users[0].username");
    }

    @Test
    void anUnknownTimeZoneIsRejected() {
        assertRejectedNaming("business:\n  time-zone: Mars/Olympus\n", "business.time-zone");
        assertThat(parse("business:\n  time-zone: \"+08:00\"\n").job().business().timeZone()).isEqualTo(ZoneId.of("+08:00"));
    }

    @Test
    void aRepeatedKeyIsRejected() {
        assertThat(rejected("kpi:\n  window: 1m\n  window: 5m\n").getMessage()).contains("window");
    }
}
