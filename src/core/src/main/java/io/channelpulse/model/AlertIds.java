package io.channelpulse.model;

import io.channelpulse.model.Rule;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stable alert ids: a name-based UUID of the rule and the incident's identifying keys. The same
 * incident gets the same id in every run and every replay, so receivers can deduplicate and a
 * RESOLVED always matches its FIRING.
 */
public final class AlertIds {

    private AlertIds() {}

    public static String of(Rule rule, String... keys) {
        StringBuilder name = new StringBuilder(rule.name());
        for (String key : keys) {
            name.append('\u001f').append(key == null ? "" : key);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
