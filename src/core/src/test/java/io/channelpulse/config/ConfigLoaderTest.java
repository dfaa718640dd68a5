package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.channelpulse.serde.EventStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** YAML configuration: defaults, overrides, and errors that name the dotted key. */
class ConfigLoaderTest {

    private static final String FULL = """
            topics:
              pos-sales: t-pos
              prices: t-prices
              inventory: t-inventory
              orders: t-orders
              channel-costs: t-costs
              guide-prices: t-guide
              partners: t-partners
              alerts: t-alerts
              channel-kpis: t-kpis
              dead-letters: t-dlq
              partner-tiers: t-tiers
              channel-economics: t-economics
            rules:
              price-below-guide:
                threshold: 0.08
                critical-threshold: 0.2
              cross-channel-diversion:
                horizon: 30d
              order-response-sla:
                sla: 4h
                resolve-horizon: 7d
            kpi:
              window: 5m
            event-time:
              out-of-orderness: 30s
              idle-timeout: 500ms
            dedup:
              horizon: PT1H
            """;

    private static ConfigException rejected(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        return e;
    }

    private static void assertRejectedNaming(String yaml, String key) {
        ConfigException e = rejected(yaml);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ");
    }

    @Test
    void emptyYamlGivesTheDefaults() {
        PulseConfig config = ConfigLoader.parse("");

        assertThat(config).isEqualTo(PulseConfig.defaults());
        assertThat(config.priceBelowGuide().threshold()).isEqualByComparingTo("0.05");
        assertThat(config.priceBelowGuide().criticalThreshold()).isEqualByComparingTo("0.15");
        assertThat(config.diversion().horizon()).isEqualTo(Duration.ofDays(90));
        assertThat(config.orderResponse().sla()).isEqualTo(Duration.ofHours(24));
        assertThat(config.orderResponse().resolveHorizon()).isEqualTo(Duration.ofDays(30));
        assertThat(config.kpiWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.outOfOrderness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.dedupHorizon()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void defaultTopicNamesAreTheStreamNamesAndTheOutputNames() {
        PulseConfig.Topics topics = ConfigLoader.parse("").topics();

        for (EventStream<?> stream : EventStream.ALL) {
            assertThat(topics.input(stream)).isEqualTo(stream.name());
        }
        assertThat(topics.inputs()).containsOnlyKeys(
                "pos-sales", "prices", "inventory", "orders", "channel-costs", "guide-prices", "partners");
        assertThat(topics.alerts()).isEqualTo("alerts");
        assertThat(topics.kpis()).isEqualTo("channel-kpis");
        assertThat(topics.deadLetters()).isEqualTo("dead-letters");
        assertThat(topics.partnerTiers()).isEqualTo("partner-tiers");
        assertThat(topics.channelEconomics()).isEqualTo("channel-economics");
        assertThat(topics.outputs()).containsExactly("alerts", "channel-kpis", "dead-letters", "partner-tiers", "channel-economics");
    }

    @Test
    void commentOnlyOrNullYamlGivesTheDefaults() {
        assertThat(ConfigLoader.parse("# nothing configured\n")).isEqualTo(PulseConfig.defaults());
        assertThat(ConfigLoader.parse("~")).isEqualTo(PulseConfig.defaults());
    }

    @Test
    void emptySectionsKeepTheDefaults() {
        PulseConfig config = ConfigLoader.parse("""
                topics:
                rules:
                  price-below-guide:
                kpi: {}
                """);

        assertThat(config).isEqualTo(PulseConfig.defaults());
    }

    @Test
    void fullYamlOverridesEveryKey() {
        PulseConfig config = ConfigLoader.parse(FULL);

        assertThat(config.topics().input(EventStream.POS_SALES)).isEqualTo("t-pos");
        assertThat(config.topics().input(EventStream.PRICES)).isEqualTo("t-prices");
        assertThat(config.topics().input(EventStream.INVENTORY)).isEqualTo("t-inventory");
        assertThat(config.topics().input(EventStream.ORDERS)).isEqualTo("t-orders");
        assertThat(config.topics().input(EventStream.CHANNEL_COSTS)).isEqualTo("t-costs");
        assertThat(config.topics().input(EventStream.GUIDE_PRICES)).isEqualTo("t-guide");
        assertThat(config.topics().input(EventStream.PARTNERS)).isEqualTo("t-partners");
        assertThat(config.topics().alerts()).isEqualTo("t-alerts");
        assertThat(config.topics().kpis()).isEqualTo("t-kpis");
        assertThat(config.topics().deadLetters()).isEqualTo("t-dlq");
        assertThat(config.topics().partnerTiers()).isEqualTo("t-tiers");
        assertThat(config.topics().channelEconomics()).isEqualTo("t-economics");
        assertThat(config.priceBelowGuide().threshold()).isEqualByComparingTo("0.08");
        assertThat(config.priceBelowGuide().criticalThreshold()).isEqualByComparingTo("0.2");
        assertThat(config.diversion().horizon()).isEqualTo(Duration.ofDays(30));
        assertThat(config.orderResponse().sla()).isEqualTo(Duration.ofHours(4));
        assertThat(config.orderResponse().resolveHorizon()).isEqualTo(Duration.ofDays(7));
        assertThat(config.kpiWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.dedupHorizon()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void partialYamlOverridesOnlyWhatItNames() {
        PulseConfig config = ConfigLoader.parse("""
                rules:
                  order-response-sla:
                    sla: 2h
                topics:
                  alerts: pulse-alerts
                """);

        assertThat(config.orderResponse().sla()).isEqualTo(Duration.ofHours(2));
        assertThat(config.orderResponse().resolveHorizon()).isEqualTo(Duration.ofDays(30));
        assertThat(config.topics().alerts()).isEqualTo("pulse-alerts");
        assertThat(config.topics().input(EventStream.ORDERS)).isEqualTo("orders");
        assertThat(config.kpiWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void thresholdIsKeptAsAnExactDecimal() {
        PulseConfig config = ConfigLoader.parse("""
                rules:
                  price-below-guide:
                    threshold: 0.1
                    critical-threshold: 0.3
                """);

        assertThat(config.priceBelowGuide().threshold()).isEqualTo(new BigDecimal("0.1"));
        assertThat(config.priceBelowGuide().criticalThreshold()).isEqualTo(new BigDecimal("0.3"));
    }

    @Test
    void aQuotedNumberIsAStringAndIsRejected() {
        // Before the typed model a quoted "0.3" was read as 0.3; strings are no longer coerced into numbers.
        assertRejectedNaming("rules:\n  price-below-guide:\n    critical-threshold: \"0.3\"\n",
                "rules.price-below-guide.critical-threshold");
    }

    @Test
    void misspelledRuleKeyIsRejectedNamingTheDottedKey() {
        ConfigException e = rejected("""
                rules:
                  price-below-guide:
                    treshold: 0.1
                """);

        assertThat(e.key()).isEqualTo("rules.price-below-guide.treshold");
        assertThat(e.getMessage()).contains("rules.price-below-guide.treshold").contains("unknown");
    }

    @Test
    void unknownKeysAreRejectedAtEveryLevel() {
        assertRejectedNaming("windw: 1m\n", "windw");
        assertRejectedNaming("kpi:\n  windw: 1m\n", "kpi.windw");
        assertRejectedNaming("topics:\n  sales: x\n", "topics.sales");
        assertRejectedNaming("rules:\n  price: {}\n", "rules.price");
        assertRejectedNaming("event-time:\n  idle: 1m\n", "event-time.idle");
    }

    @ParameterizedTest(name = "threshold {0} is rejected")
    @ValueSource(strings = {"0", "1", "1.5", "-0.05", "abc", "\"\"", "true"})
    void thresholdOutsideTheOpenUnitIntervalIsRejected(String value) {
        assertRejectedNaming(
                "rules:\n  price-below-guide:\n    threshold: " + value + "\n",
                "rules.price-below-guide.threshold");
    }

    @ParameterizedTest(name = "critical-threshold {0} is rejected")
    @ValueSource(strings = {"0", "1", "1.5", "abc"})
    void criticalThresholdOutsideTheOpenUnitIntervalIsRejected(String value) {
        assertRejectedNaming(
                "rules:\n  price-below-guide:\n    critical-threshold: " + value + "\n",
                "rules.price-below-guide.critical-threshold");
    }

    @Test
    void thresholdJustInsideTheIntervalIsAccepted() {
        PulseConfig config = ConfigLoader.parse("""
                rules:
                  price-below-guide:
                    threshold: 0.0001
                    critical-threshold: 0.9999
                """);

        assertThat(config.priceBelowGuide().threshold()).isEqualByComparingTo("0.0001");
        assertThat(config.priceBelowGuide().criticalThreshold()).isEqualByComparingTo("0.9999");
    }

    @Test
    void criticalThresholdBelowThresholdIsRejected() {
        ConfigException e = rejected("""
                rules:
                  price-below-guide:
                    threshold: 0.2
                    critical-threshold: 0.1
                """);

        assertThat(e.key()).isEqualTo("rules.price-below-guide.critical-threshold");
        assertThat(e.getMessage()).contains("rules.price-below-guide.threshold").contains("0.2");
    }

    @Test
    void thresholdAboveTheDefaultCriticalThresholdIsRejected() {
        // Raising only the threshold past the default critical threshold (0.15) is inconsistent.
        assertRejectedNaming(
                "rules:\n  price-below-guide:\n    threshold: 0.2\n",
                "rules.price-below-guide.critical-threshold");
    }

    @Test
    void criticalThresholdEqualToThresholdIsAccepted() {
        PulseConfig config = ConfigLoader.parse("""
                rules:
                  price-below-guide:
                    threshold: 0.1
                    critical-threshold: 0.1
                """);

        assertThat(config.priceBelowGuide().criticalThreshold())
                .isEqualByComparingTo(config.priceBelowGuide().threshold());
    }

    @Test
    void bareNumberDurationIsRejectedBecauseItHasNoUnit() {
        ConfigException e = rejected("kpi:\n  window: 60\n");

        assertThat(e.key()).isEqualTo("kpi.window");
        assertThat(e.getMessage()).contains("unit");
    }

    @Test
    void everyDurationKeyIsValidatedUnderItsOwnName() {
        assertRejectedNaming("rules:\n  cross-channel-diversion:\n    horizon: 0d\n", "rules.cross-channel-diversion.horizon");
        assertRejectedNaming("rules:\n  order-response-sla:\n    sla: -1h\n", "rules.order-response-sla.sla");
        assertRejectedNaming("rules:\n  order-response-sla:\n    resolve-horizon: soon\n", "rules.order-response-sla.resolve-horizon");
        assertRejectedNaming("kpi:\n  window: 0s\n", "kpi.window");
        assertRejectedNaming("event-time:\n  out-of-orderness: 2\n", "event-time.out-of-orderness");
        assertRejectedNaming("event-time:\n  idle-timeout: abc\n", "event-time.idle-timeout");
        assertRejectedNaming("dedup:\n  horizon: \"\"\n", "dedup.horizon");
    }

    @ParameterizedTest(name = "topic {0} is rejected")
    @ValueSource(strings = {"\"\"", "\"   \"", "42", "[a, b]"})
    void blankOrNonStringTopicIsRejected(String value) {
        assertRejectedNaming("topics:\n  alerts: " + value + "\n", "topics.alerts");
        assertRejectedNaming("topics:\n  pos-sales: " + value + "\n", "topics.pos-sales");
        assertRejectedNaming("topics:\n  channel-costs: " + value + "\n", "topics.channel-costs");
        assertRejectedNaming("topics:\n  partner-tiers: " + value + "\n", "topics.partner-tiers");
    }

    @Test
    void maxCostAmountIsReadAndMustBePositiveAndBelowTenToTheFifteen() {
        assertThat(ConfigLoader.parse("").input().maxCostAmount()).isEqualByComparingTo("1000000000000");
        assertThat(ConfigLoader.parse("input:\n  max-cost-amount: 2500000.50\n").input().maxCostAmount())
                .isEqualByComparingTo("2500000.50");
        assertThat(ConfigLoader.parse("input:\n  max-cost-amount: 999999999999999\n").input().maxCostAmount())
                .isEqualByComparingTo("999999999999999");
        for (String bad : new String[] {"0", "-1", "1000000000000000", "1e999999999", "\"5\"", "[1]"}) {
            ConfigException e = rejected("input:\n  max-cost-amount: " + bad + "\n");
            assertThat(e.key()).as(bad).isEqualTo("input.max-cost-amount");
            assertThat(e.getMessage().length()).as(bad).isLessThan(300);
        }
    }

    @Test
    void sectionThatIsNotAMappingIsRejected() {
        assertRejectedNaming("topics: alerts\n", "topics");
        assertRejectedNaming("rules:\n  price-below-guide: 0.05\n", "rules.price-below-guide");
    }

    @Test
    void fileThatIsNotAMappingOrNotYamlIsRejected() {
        assertThat(rejected("- a\n- b\n").key()).isEqualTo("(file)");
        assertThat(rejected("just a string\n").key()).isEqualTo("(file)");
        assertThat(rejected("kpi: [unclosed\n").key()).isEqualTo("(file)");
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pulse.yaml");
        Files.writeString(file, FULL);

        assertThat(ConfigLoader.load(file)).isEqualTo(ConfigLoader.parse(FULL));
    }

    @Test
    void loadOfAMissingFileNamesTheConfigOption(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("--config");
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void loadOfADirectoryIsRejected(@TempDir Path dir) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("--config");
    }
}
