package io.channelpulse.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The checks the configuration records' creators share. A null value is a key the file leaves out,
 * which keeps its default; every failure is a {@link ConfigException} naming the key.
 */
public final class Require {

    private Require() {}

    public static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** A non-blank string, or {@code fallback} when absent. */
    public static String text(String key, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            throw new ConfigException(key, "must be a non-blank string");
        }
        return value;
    }

    /** A whole number within [min, max], or {@code fallback} when absent. */
    public static long range(String key, Long value, long fallback, long min, long max) {
        long n = value == null ? fallback : value;
        if (n < min) {
            throw new ConfigException(key, "must be at least " + min + ", got " + n);
        }
        if (n > max) {
            throw new ConfigException(key, "must be at most " + max + ", got " + n);
        }
        return n;
    }

    /** A number strictly between 0 and 1, or {@code fallback} when absent. */
    public static BigDecimal fraction(String key, BigDecimal value, BigDecimal fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0) {
            throw new ConfigException(key, "must be between 0 and 1 (exclusive), got " + value.toPlainString());
        }
        return value;
    }

    /** An absolute http or https URL with a host: anything else could only fail at delivery time. */
    public static String httpUrl(String key, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(key, "is required");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(key, "must be an absolute http:// or https:// URL, got '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigException(key, "must name a host, got '" + url + "'");
        }
        return url;
    }
}
