package io.channelpulse.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 500ms}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 90d} or ISO-8601 ({@code PT1H}). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /** Parses {@code text}; errors name {@code key}. Durations must be positive. */
    public static Duration parse(String key, String text) {
        Duration duration = parseSigned(key, text);
        if (duration.isZero() || duration.isNegative()) {
            throw new ConfigException(key, "must be positive, got '" + text + "'");
        }
        return duration;
    }

    /** Parses {@code text} like {@link #parse}, but zero ({@code 0s}, {@code PT0S}) is allowed. */
    public static Duration parseNonNegative(String key, String text) {
        Duration duration = parseSigned(key, text);
        if (duration.isNegative()) {
            throw new ConfigException(key, "must not be negative, got '" + text + "'");
        }
        return duration;
    }

    private static Duration parseSigned(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(key, "must be a duration such as 90s, 15m, 1h, 90d or PT1H");
        }
        String trimmed = text.trim();
        Duration duration;
        Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "duration '" + text + "' is too large");
            }
            try {
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                duration.toMillis(); // durations are used in milliseconds; reject what does not fit
            } catch (ArithmeticException e) {
                throw new ConfigException(key, "duration '" + text + "' is too large");
            }
        } else {
            try {
                duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        key, "'" + text + "' is not a duration; use 90s, 15m, 1h, 90d or ISO-8601 like PT1H");
            }
        }
        return duration;
    }

    /** Formats a duration the short way when it is a whole number of one unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    /**
     * Binds a YAML duration. Only strings are durations: a bare number has no unit, so {@code 60}
     * is an error rather than a guess between seconds and minutes.
     */
    public static final class Deserializer extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Duration> {
        public Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                throw new ConfigException("", "must be a duration such as 90s, 15m, 1h or 90d (a bare number has no unit)");
            }
            return parse("", p.getText());
        }
    }

    /** A picocli converter, so command-line durations follow the same rules. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse("duration", value);
            } catch (ConfigException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
