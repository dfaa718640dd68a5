package io.channelpulse.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves secret references in configuration values: {@code ${env:NAME}} reads an environment
 * variable, {@code ${file:/path}} reads a file (trailing newline trimmed). A missing variable or an
 * unreadable file is a {@link ConfigException} naming the key, never an empty string.
 */
public final class Secrets {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private Secrets() {}

    public static String resolve(String key, String value) {
        return resolve(key, value, System::getenv);
    }

    static String resolve(String key, String value, Function<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).equals("env")) {
                replacement = env.apply(m.group(2));
                if (replacement == null) {
                    throw new ConfigException(key, "environment variable " + m.group(2) + " is not set");
                }
            } else {
                try {
                    replacement = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new ConfigException(key, "cannot read secret file " + m.group(2) + ": " + e.getMessage());
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Resolves every value of {@code properties}; keys are reported as {@code prefix.key}. */
    public static Map<String, String> resolveAll(String prefix, Map<String, String> properties) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, resolve(prefix + "." + k, v)));
        return Map.copyOf(out);
    }
}
