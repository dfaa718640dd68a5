package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations in the short form (90s, 15m, 1h, 90d, 500ms) or ISO-8601, always positive. */
class DurationsTest {

    private static final String KEY = "rules.order-response-sla.sla";

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("90s", Duration.ofSeconds(90)),
                Arguments.of("15m", Duration.ofMinutes(15)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("90d", Duration.ofDays(90)),
                Arguments.of("PT1H", Duration.ofHours(1)),
                Arguments.of("PT1M30S", Duration.ofSeconds(90)),
                Arguments.of("P2D", Duration.ofDays(2)),
                Arguments.of("pt1h", Duration.ofHours(1)),
                Arguments.of("15M", Duration.ofMinutes(15)),
                Arguments.of("  90s  ", Duration.ofSeconds(90)),
                Arguments.of("\t1h\n", Duration.ofHours(1)),
                Arguments.of("1 h", Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("accepted")
    void parsesShortAndIsoForms(String text, Duration expected) {
        assertThat(Durations.parse(KEY, text)).isEqualTo(expected);
    }

    @Test
    void minutesAndMillisecondsAreNotConfused() {
        assertThat(Durations.parse(KEY, "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse(KEY, "1ms")).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"0s", "0ms", "PT0S", "-1h", "-PT1H", "abc", "1", "1w", "1.5h", "h", "1h30m", "   "})
    void rejectsZeroNegativeAndUnreadableDurations(String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Durations.parse(KEY, text));

        assertThat(e).as("'%s' must be rejected", text).isNotNull();
        assertThat(e.key()).isEqualTo(KEY);
        assertThat(e.getMessage()).startsWith(KEY + ": ");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingText(String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Durations.parse("kpi.window", text));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("kpi.window");
        assertThat(e.getMessage()).startsWith("kpi.window: ");
    }

    @Test
    void zeroIsRejectedAsNotPositive() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Durations.parse(KEY, "0s"));

        assertThat(e.getMessage()).contains("positive").contains("0s");
    }

    @Test
    void errorKeyIsWhateverTheCallerPassed() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Durations.parse("--window", "soon"));

        assertThat(e.key()).isEqualTo("--window");
        assertThat(e.getMessage()).contains("soon");
    }

    @Test
    void formatUsesTheLargestWholeUnit() {
        assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1_500))).isEqualTo("1500ms");
    }

    @ParameterizedTest(name = "{0} round-trips")
    @ValueSource(strings = {"500ms", "1500ms", "90s", "15m", "1h", "25h", "90d", "1d"})
    void formatRoundTripsThroughParse(String text) {
        Duration parsed = Durations.parse(KEY, text);

        assertThat(Durations.format(parsed)).isEqualTo(text);
        assertThat(Durations.parse(KEY, Durations.format(parsed))).isEqualTo(parsed);
    }

    @Test
    void formatOfIsoInputRoundTripsToTheSameDuration() {
        Duration parsed = Durations.parse(KEY, "PT1M30S");

        assertThat(Durations.format(parsed)).isEqualTo("90s");
        assertThat(Durations.parse(KEY, Durations.format(parsed))).isEqualTo(parsed);
    }

    @org.junit.jupiter.api.Test
    void durationTooLargeForMillisecondsIsAConfigErrorNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("kpi.window", "200000000000000d"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kpi.window: ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("kpi.window", "9999999999999999h"))
                .isInstanceOf(ConfigException.class);
    }
}
