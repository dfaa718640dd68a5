package io.channelpulse.config;

/**
 * An invalid configuration value. The message always starts with the offending key. While a file
 * is being bound, a key is relative to the section being built (empty for the value itself); the
 * loader prefixes the section's dotted path.
 */
public final class ConfigException extends RuntimeException {

    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** What is wrong, without the key. */
    public String problem() {
        return problem;
    }
}
