package io.channelpulse.gateway.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code panel:} section: the users, their channels, the session lifetime, the login limiter
 * and the link to Grafana. Passwords are bcrypt hashes made with {@code gateway hash-password}.
 */
public record PanelSettings(
        List<Manager> managers, Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow,
        Duration history, String grafanaUrl) {

    public static PanelSettings none() {
        return new PanelSettings(List.of(), Duration.ofHours(8), 5, Duration.ofMinutes(5), Duration.ofHours(24),
                "http://localhost:3000/d/channel-pulse-kpis/channel-kpis?var-channel={channelId}");
    }

    public Manager manager(String username) {
        return managers.stream().filter(m -> m.username().equals(username)).findFirst().orElse(null);
    }

    public static PanelSettings load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static PanelSettings parse(String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
        }
        PanelSettings d = none();
        JsonNode node = root == null ? null : root.get("panel");
        if (node == null || node.isNull()) {
            return d;
        }
        List<Manager> managers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode users = node.path("users");
        for (int i = 0; i < users.size(); i++) {
            String key = "panel.users[" + i + "]";
            JsonNode u = users.get(i);
            String name = required(u, "username", key);
            if (!names.add(name)) {
                throw new ConfigException(key + ".username", "duplicate user '" + name + "'");
            }
            String hash = required(u, "password-hash", key);
            if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
                throw new ConfigException(key + ".password-hash", "must be a bcrypt hash from 'gateway hash-password'");
            }
            String role = u.path("role").asText("manager");
            if (!role.equals("manager") && !role.equals("admin")) {
                throw new ConfigException(key + ".role", "must be manager or admin, got '" + role + "'");
            }
            Set<String> channels = new LinkedHashSet<>();
            u.path("channels").forEach(c -> channels.add(c.asText()));
            if (role.equals("manager") && channels.isEmpty()) {
                throw new ConfigException(key + ".channels", "a manager must own at least one channel");
            }
            managers.add(new Manager(name, hash, Set.copyOf(channels), role.equals("admin"), u.path("name").asText(name)));
        }
        return new PanelSettings(List.copyOf(managers),
                duration(node, "session-ttl", d.sessionTtl()),
                node.path("max-login-failures").asInt(d.maxLoginFailures()),
                duration(node, "login-failure-window", d.loginFailureWindow()),
                duration(node, "history", d.history()),
                node.path("grafana-url").asText(d.grafanaUrl()));
    }

    private static String required(JsonNode node, String field, String key) {
        JsonNode v = node.get(field);
        if (v == null || v.asText().isBlank()) {
            throw new ConfigException(key + "." + field, "is required");
        }
        return v.asText();
    }

    private static Duration duration(JsonNode node, String name, Duration fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : Durations.parse("panel." + name, v.asText());
    }
}
