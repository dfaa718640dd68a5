package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Where notifications go: a signed generic webhook or a Prometheus Alertmanager. The URL is an
 * absolute http(s) URL with a host, so a target that could only fail at delivery time never exists.
 */
public record Target(String name, Kind kind, String url, List<String> secrets) {

    /** Standard Webhooks: a {@code whsec_} secret is base64 of 24 to 64 random bytes. */
    static final int MIN_SECRET_BYTES = 24;
    private static final String WHSEC = "whsec_";

    public enum Kind {
        WEBHOOK,
        ALERTMANAGER
    }

    public Target {
        if (name == null || name.isBlank()) {
            throw new ConfigException("name", "is required");
        }
        if (kind == null) {
            throw new ConfigException("type", "is required: webhook or alertmanager");
        }
        Require.httpUrl("url", url);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** Binds {@code delivery.targets[i]}; secrets are resolved ({@code ${env:…}}, {@code ${file:…}}) and checked. */
    @JsonCreator
    static Target bind(
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("url") String url,
            @JsonProperty("secrets") @JsonDeserialize(contentUsing = Secrets.Deserializer.class) List<String> secrets) {
        Kind kind = null;
        if (type != null) {
            try {
                kind = Kind.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("type", "must be webhook or alertmanager, got '" + type + "'");
            }
        }
        List<String> checked = new ArrayList<>();
        List<String> given = secrets == null ? List.of() : secrets;
        for (int i = 0; i < given.size(); i++) {
            checked.add(checkSecret("secrets[" + i + "]", given.get(i)));
        }
        return new Target(name, kind, url, checked);
    }

    /**
     * A secret StandardWebhooks can sign with: {@code whsec_} + valid base64 of at least 24 bytes,
     * or a non-empty raw secret used as its UTF-8 bytes. Messages never repeat the secret.
     */
    static String checkSecret(String key, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        if (secret.startsWith(WHSEC)) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(secret.substring(WHSEC.length()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "a whsec_ secret must be whsec_ followed by base64");
            }
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new ConfigException(key, "a whsec_ secret must encode at least " + MIN_SECRET_BYTES
                        + " bytes (Standard Webhooks), this one has " + bytes.length);
            }
        }
        return secret;
    }
}
