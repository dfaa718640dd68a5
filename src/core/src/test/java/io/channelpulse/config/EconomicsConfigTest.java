package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.channelpulse.model.ChannelType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code economics:} section: defaults, every key read, and every bad value rejected naming its key. */
class EconomicsConfigTest {

    private static final String FULL = """
            economics:
              close-grace: 10d
              tiering:
                core-share: 0.25
                quality-share: 0.6
                hysteresis-months: 3
                window-months: 6
                scope: channel-type
              inefficient-channel:
                sales-share-below: 0.02
                cost-share-above: 0.15
              stores:
                loss-streak-months: 4
              roi:
                channel-types: [SUPERMARKET, DEALER]
                months: 6
                threshold: 1.2
            """;

    private static Economics economics(String yaml) {
        return ConfigLoader.parse(yaml).economics();
    }

    private static ConfigException rejectedNaming(String yaml, String key) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ");
        return e;
    }

    /** A one-key economics section: {@code section} is a path such as tiering.core-share. */
    private static String yaml(String path, String value) {
        String[] parts = path.split("\\.");
        StringBuilder out = new StringBuilder("economics:\n");
        String indent = "  ";
        for (int i = 0; i < parts.length - 1; i++) {
            out.append(indent).append(parts[i]).append(":\n");
            indent += "  ";
        }
        return out.append(indent).append(parts[parts.length - 1]).append(": ").append(value).append('\n').toString();
    }

    @Test
    void theDefaultsAreThePlansRules() {
        Economics e = economics("");

        assertThat(e).isEqualTo(Economics.defaults()).isEqualTo(PulseConfig.defaults().economics());
        assertThat(e.closeGrace()).isEqualTo(Duration.ofDays(5));
        assertThat(e.tiering().coreShare()).isEqualByComparingTo("0.20");
        assertThat(e.tiering().qualityShare()).isEqualByComparingTo("0.50");
        assertThat(e.tiering().hysteresisMonths()).isEqualTo(2);
        assertThat(e.tiering().windowMonths()).isEqualTo(12);
        assertThat(e.tiering().scope()).isEqualTo(Economics.Tiering.Scope.ALL);
        assertThat(e.inefficientChannel().salesShareBelow()).isEqualByComparingTo("0.05");
        assertThat(e.inefficientChannel().costShareAbove()).isEqualByComparingTo("0.10");
        assertThat(e.stores().lossStreakMonths()).isEqualTo(6);
        assertThat(e.roi().channelTypes()).containsExactly(ChannelType.SUPERMARKET);
        assertThat(e.roi().months()).isEqualTo(3);
        assertThat(e.roi().threshold()).isEqualByComparingTo("1.0");
    }

    @Test
    void emptySectionsKeepTheDefaults() {
        assertThat(economics("economics:\n")).isEqualTo(Economics.defaults());
        assertThat(economics("economics:\n  tiering:\n  roi: {}\n  stores:\n")).isEqualTo(Economics.defaults());
    }

    @Test
    void everyKeyIsRead() {
        Economics e = economics(FULL);

        assertThat(e.closeGrace()).isEqualTo(Duration.ofDays(10));
        assertThat(e.tiering()).isEqualTo(new Economics.Tiering(
                new BigDecimal("0.25"), new BigDecimal("0.6"), 3, 6, Economics.Tiering.Scope.CHANNEL_TYPE));
        assertThat(e.inefficientChannel()).isEqualTo(
                new Economics.InefficientChannel(new BigDecimal("0.02"), new BigDecimal("0.15")));
        assertThat(e.stores()).isEqualTo(new Economics.Stores(4));
        assertThat(e.roi()).isEqualTo(new Economics.Roi(
                List.of(ChannelType.SUPERMARKET, ChannelType.DEALER), 6, new BigDecimal("1.2")));
    }

    @Test
    void aKeyLeftOutKeepsItsDefaultWhileItsNeighboursChange() {
        Economics e = economics("economics:\n  tiering:\n    core-share: 0.3\n  roi:\n    months: 12\n");

        assertThat(e.closeGrace()).isEqualTo(Duration.ofDays(5));
        Economics.Tiering d = Economics.defaults().tiering();
        assertThat(e.tiering()).isEqualTo(new Economics.Tiering(
                new BigDecimal("0.3"), d.qualityShare(), d.hysteresisMonths(), d.windowMonths(), d.scope()));
        assertThat(e.roi().channelTypes()).containsExactly(ChannelType.SUPERMARKET);
        assertThat(e.roi().threshold()).isEqualByComparingTo("1.0");
        assertThat(e.roi().months()).isEqualTo(12);
    }

    @Test
    void theRestOfTheJobIsUnchangedByTheSection() {
        PulseConfig config = ConfigLoader.parse(FULL);

        assertThat(config.withEconomics(Economics.defaults())).isEqualTo(PulseConfig.defaults());
        assertThat(PulseConfig.defaults().withEconomics(config.economics()).economics()).isEqualTo(config.economics());
    }

    @Test
    void everyWithMethodKeepsTheEconomics() {
        Economics custom = economics(FULL);
        PulseConfig c = PulseConfig.defaults().withEconomics(custom);

        assertThat(List.of(
                c.withGateway(c.gateway()), c.withKpiWindow(Duration.ofMinutes(3)), c.withOutOfOrderness(Duration.ofMinutes(3)),
                c.withSla(Duration.ofHours(2)), c.withDedupHorizon(Duration.ofMinutes(3)), c.withIdleTimeout(Duration.ofMinutes(3)),
                c.withKafka(c.kafka()), c.withInput(c.input()), c.withPriceRule(c.priceBelowGuide()),
                c.withBusiness(c.business()), c.withCheckpoint(c.checkpoint())))
                .allSatisfy(changed -> assertThat(changed.economics()).isEqualTo(custom));
    }

    @Test
    void theOlderConstructorsUseTheDefaultEconomics() {
        PulseConfig d = PulseConfig.defaults();

        assertThat(new PulseConfig(d.topics(), d.priceBelowGuide(), d.diversion(), d.orderResponse(), d.kpiWindow(),
                d.outOfOrderness(), d.idleTimeout(), d.dedupHorizon(), d.kafka(), d.checkpoint(), d.input(),
                d.business(), d.gateway()).economics()).isEqualTo(Economics.defaults());
        assertThat(new PulseConfig(d.topics(), d.priceBelowGuide(), d.diversion(), d.orderResponse(), d.kpiWindow(),
                d.outOfOrderness(), d.idleTimeout(), d.dedupHorizon(), d.kafka(), d.checkpoint(), d.input())
                .economics()).isEqualTo(Economics.defaults());
    }

    // ---------------------------------------------------------------- close-grace

    @Test
    void closeGraceMayBeZeroOrUpToSixtyDays() {
        assertThat(economics(yaml("close-grace", "0s")).closeGrace()).isEqualTo(Duration.ZERO);
        assertThat(economics(yaml("close-grace", "PT0S")).closeGrace()).isEqualTo(Duration.ZERO);
        assertThat(economics(yaml("close-grace", "60d")).closeGrace()).isEqualTo(Duration.ofDays(60));
        assertThat(economics(yaml("close-grace", "36h")).closeGrace()).isEqualTo(Duration.ofHours(36));
    }

    @ParameterizedTest(name = "close-grace: {0}")
    @ValueSource(strings = {"61d", "1441h", "PT-1H", "-1d", "5", "soon", "true", "[5d]", "\"\""})
    void aBadCloseGraceIsRejectedNamingTheKey(String value) {
        rejectedNaming(yaml("close-grace", value), "economics.close-grace");
    }

    @Test
    void aCloseGraceBeyondSixtyDaysSaysTheLimit() {
        assertThat(rejectedNaming(yaml("close-grace", "PT1440H0.001S"), "economics.close-grace")
                .getMessage()).contains("60d");
    }

    // ---------------------------------------------------------------- shares and bounds

    @ParameterizedTest(name = "{0}: {1} is accepted")
    @CsvSource({
        "tiering.core-share, 1", "tiering.core-share, 0.0001", "tiering.quality-share, 1",
        "inefficient-channel.sales-share-below, 0", "inefficient-channel.sales-share-below, 1",
        "inefficient-channel.cost-share-above, 0", "inefficient-channel.cost-share-above, 1",
        "tiering.hysteresis-months, 1", "tiering.hysteresis-months, 24",
        "tiering.window-months, 1", "tiering.window-months, 36",
        "stores.loss-streak-months, 1", "stores.loss-streak-months, 60",
        "roi.months, 1", "roi.months, 36", "roi.threshold, 0.0001", "roi.threshold, 1000"})
    void valuesAtTheirBoundsAreAccepted(String key, String value) {
        if (key.equals("tiering.core-share")) {
            // quality-share must stay at or above core-share
            economics("economics:\n  tiering:\n    core-share: " + value + "\n    quality-share: 1\n");
        } else {
            economics(yaml(key, value));
        }
    }

    @ParameterizedTest(name = "{0}: {1} is rejected")
    @CsvSource(delimiter = '|', value = {
        "tiering.core-share | 0", "tiering.core-share | 1.01", "tiering.core-share | 1e-999999999", "tiering.core-share | -0.2", "tiering.core-share | \"0.2\"",
        "tiering.quality-share | 0", "tiering.quality-share | 1.5", "tiering.quality-share | 0.1",
        "tiering.hysteresis-months | 0", "tiering.hysteresis-months | 25", "tiering.hysteresis-months | 1.5",
        "tiering.window-months | 0", "tiering.window-months | 37",
        "tiering.scope | channel", "tiering.scope | ALL", "tiering.scope | 1",
        "inefficient-channel.sales-share-below | -0.01", "inefficient-channel.sales-share-below | 1.01",
        "inefficient-channel.cost-share-above | -0.01", "inefficient-channel.cost-share-above | 2",
        "inefficient-channel.cost-share-above | five",
        "stores.loss-streak-months | 0", "stores.loss-streak-months | 61", "stores.loss-streak-months | \"6\"",
        "roi.months | 0", "roi.months | 37",
        "roi.threshold | 0", "roi.threshold | -1", "roi.threshold | 1e999999999", "roi.threshold | 1e-999999999",
        "roi.channel-types | []", "roi.channel-types | SUPERMARKET"})
    void aBadValueIsRejectedNamingItsKey(String key, String value) {
        rejectedNaming(yaml(key, value), "economics." + key);
    }

    @Test
    void qualityShareBelowCoreShareSaysWhy() {
        ConfigException e = rejectedNaming("economics:\n  tiering:\n    core-share: 0.4\n    quality-share: 0.3\n",
                "economics.tiering.quality-share");

        assertThat(e.getMessage()).contains("economics.tiering.core-share").contains("0.4");
        assertThat(rejectedNaming(yaml("tiering.core-share", "0.6"), "economics.tiering.quality-share").getMessage())
                .as("the default quality share 0.50 is below a core share of 0.6").contains("0.6");
    }

    @Test
    void anUnknownOrRepeatedChannelTypeIsRejectedNamingItsIndex() {
        assertThat(rejectedNaming(yaml("roi.channel-types", "[SUPERMARKET, MALL]"), "economics.roi.channel-types[1]")
                .getMessage()).contains("MALL").contains("SUPERMARKET").contains("DIRECT_STORE");
        rejectedNaming(yaml("roi.channel-types", "[supermarket]"), "economics.roi.channel-types[0]");
        rejectedNaming(yaml("roi.channel-types", "[DEALER, DEALER]"), "economics.roi.channel-types[1]");
        rejectedNaming(yaml("roi.channel-types", "[7]"), "economics.roi.channel-types[0]");
    }

    @Test
    void anEmptyChannelTypeListSaysItNeedsOne() {
        assertThat(rejectedNaming(yaml("roi.channel-types", "[]"), "economics.roi.channel-types").getMessage())
                .contains("at least one");
    }

    @Test
    void unknownKeysAreRejectedWithTheirPath() {
        rejectedNaming("economics:\n  close-grase: 5d\n", "economics.close-grase");
        rejectedNaming(yaml("tiering.core", "0.2"), "economics.tiering.core");
        rejectedNaming(yaml("roi.channel-type", "[DEALER]"), "economics.roi.channel-type");
    }

    @Test
    void aRoiThresholdOfManyDecimalPlacesIsRejectedButAnOrdinaryOneIsKeptExactly() {
        assertThat(economics(yaml("roi.threshold", "0.95")).roi().threshold()).isEqualTo(new BigDecimal("0.95"));
        rejectedNaming(yaml("roi.threshold", "0." + "0".repeat(30) + "1"), "economics.roi.threshold");
    }
}
