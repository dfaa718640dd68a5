package io.channelpulse.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;

import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one loader of the configuration file: Jackson binds the YAML into {@link ChannelPulseConfig}
 * (kebab-case keys, unknown keys rejected, no coercion between strings, numbers and booleans),
 * the records' creators fill defaults and validate, and every failure becomes one
 * {@link ConfigException} naming the dotted key, such as {@code delivery.targets[2].url}. The
 * README documents every key.
 */
public final class ConfigLoader {

    private static final YAMLMapper MAPPER = mapper();

    private ConfigLoader() {}

    /** The job's settings from {@code file}; the file's other sections are validated too. */
    public static PulseConfig load(Path file) {
        return loadAll(file).job();
    }

    /** The job's settings from {@code yaml}; the other sections are validated too. */
    public static PulseConfig parse(String yaml) {
        return parseAll(yaml).job();
    }

    public static ChannelPulseConfig loadAll(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "no such file: " + file);
        }
        try {
            return parseAll(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static ChannelPulseConfig parseAll(String yaml) {
        return parseAll(yaml, System::getenv);
    }

    /** Binds {@code yaml}, resolving {@code ${env:NAME}} through {@code env}. */
    public static ChannelPulseConfig parseAll(String yaml, Function<String, String> env) {
        ObjectReader reader = MAPPER.readerFor(ChannelPulseConfig.class).withAttribute(Secrets.ENV, env);
        try {
            // An empty or comment-only file, or a bare "~", is no configuration at all: the defaults.
            // Reading the tree first also reports broken YAML as such, not as a key's problem.
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return ChannelPulseConfig.defaults();
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getOriginalMessage());
        }
        try {
            return reader.readValue(yaml);
        } catch (DatabindException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot be read: " + e.getMessage());
        }
    }

    private static YAMLMapper mapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "five" or "5" for a number, 1 for a string: a typo, never a value.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Records are built only through their creators; final fields are never set behind them.
                .disable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                .disable(MapperFeature.INFER_PROPERTY_MUTATORS)
                // Only creator parameters are keys: "known keys" in an error lists exactly those.
                .disable(MapperFeature.AUTO_DETECT_GETTERS, MapperFeature.AUTO_DETECT_IS_GETTERS, MapperFeature.AUTO_DETECT_FIELDS)
                .addModule(new SimpleModule("channel-pulse-config")
                        .addDeserializer(Duration.class, new Durations.Deserializer())
                        .addDeserializer(Instant.class, new InstantDeserializer()))
                .build();
        // Strings never become numbers, numbers and booleans never become strings; 10000000 is
        // still a fine BigDecimal, and 5.5 is not a whole number.
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /** One message per failure, naming the dotted key Jackson's path points at. */
    static ConfigException translate(DatabindException e) {
        String path = e instanceof JsonMappingException m ? dotted(m.getPath()) : "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return new ConfigException(join(path, c.key()), c.problem());
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new ConfigException(join(path, ""), "unknown key; known keys here: " + known(u.getKnownPropertyIds()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            if (path.isEmpty()) {
                return new ConfigException("(file)", "must be a mapping of sections");
            }
            return new ConfigException(path, expected(m.getTargetType()) + got(m));
        }
        return new ConfigException(join(path, ""), e.getOriginalMessage());
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == BigInteger.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        return "must be a mapping";
    }

    /** The scalar that did not fit, as written; secrets never get here (their deserializers report themselves). */
    private static String got(MismatchedInputException m) {
        if (m.getProcessor() instanceof JsonParser p && p.currentToken() != null && p.currentToken().isScalarValue()) {
            try {
                return ", got '" + p.getText() + "'";
            } catch (IOException ignored) {
                return "";
            }
        }
        return "";
    }

    private static String known(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return String.join(", ", names);
    }

    private static String dotted(java.util.List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String join(String path, String key) {
        if (key.isEmpty()) {
            return path.isEmpty() ? "(file)" : path;
        }
        if (path.isEmpty()) {
            return key;
        }
        return key.startsWith("[") ? path + key : path + "." + key;
    }

    /** An ISO-8601 time with offset, such as {@code 2000-01-01T00:00:00Z}. */
    static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.hasToken(JsonToken.VALUE_STRING) ? p.getText() : null;
            try {
                if (text == null) {
                    throw new DateTimeParseException("not a string", "", 0);
                }
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new ConfigException("", "must be an ISO-8601 time with offset such as 2000-01-01T00:00:00Z"
                        + (text == null ? "" : ", got '" + text + "'"));
            }
        }
    }

}
