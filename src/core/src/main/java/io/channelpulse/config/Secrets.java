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

    /** The deserialization attribute holding the environment lookup, so tests need not set variables. */
    static final String ENV = "channel-pulse.env";

    @SuppressWarnings("unchecked")
    private static Function<String, String> env(com.fasterxml.jackson.databind.DeserializationContext ctxt) {
        Object env = ctxt.getAttribute(ENV);
        return env == null ? System::getenv : (Function<String, String>) env;
    }

    /** Binds a secret: a string whose {@code ${env:…}} and {@code ${file:…}} references are resolved. */
    public static final class Deserializer extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {
        public Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                throw new ConfigException("", "must be a string (quote it)");
            }
            return resolve("", p.getText(), env(ctxt));
        }
    }

    /**
     * Binds a client property value: any single value taken as its text (Kafka reads
     * {@code request.timeout.ms: 30000} as a string anyway), with secret references resolved.
     */
    public static final class PropertyDeserializer extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {
        public PropertyDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws java.io.IOException {
            if (!p.currentToken().isScalarValue()) {
                throw new ConfigException("", "must be a single value");
            }
            return resolve("", p.getText(), env(ctxt));
        }
    }

    /** Resolves every value of {@code properties}; keys are reported as {@code prefix.key}. */
    public static Map<String, String> resolveAll(String prefix, Map<String, String> properties) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, resolve(prefix + "." + k, v)));
        return Map.copyOf(out);
    }
}
