package io.channelpulse.gateway.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code panel:} section: the users, their channels, the session lifetime, the login limiter,
 * the link to Grafana, the business time zone of "today", cookie and proxy trust, and the resource
 * bounds. Passwords are bcrypt hashes made with {@code gateway hash-password}.
 */
public record PanelSettings(
        List<Manager> managers, Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow,
        Duration history, String grafanaUrl, ZoneId businessZone, boolean secureCookies,
        List<String> trustedProxies, PanelLimits limits) {

    public static final ZoneId DEFAULT_BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    /** The settings before zone, cookie, proxy and limit options existed; those take their defaults. */
    public PanelSettings(List<Manager> managers, Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow,
            Duration history, String grafanaUrl) {
        this(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, DEFAULT_BUSINESS_ZONE,
                false, List.of(), PanelLimits.defaults());
    }

    public static PanelSettings none() {
        return new PanelSettings(List.of(), Duration.ofHours(8), 5, Duration.ofMinutes(5), Duration.ofHours(24),
                "http://localhost:3000/d/channel-pulse-kpis/channel-kpis?var-channel={channelId}");
    }

    public PanelSettings withBusinessZone(ZoneId zone) {
        return new PanelSettings(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, zone,
                secureCookies, trustedProxies, limits);
    }

    public PanelSettings withSecureCookies(boolean secure) {
        return new PanelSettings(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, businessZone,
                secure, trustedProxies, limits);
    }

    public PanelSettings withTrustedProxies(List<String> proxies) {
        return new PanelSettings(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, businessZone,
                secureCookies, List.copyOf(proxies), limits);
    }

    public PanelSettings withLimits(PanelLimits l) {
        return new PanelSettings(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, businessZone,
                secureCookies, trustedProxies, l);
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
                node.path("grafana-url").asText(d.grafanaUrl()),
                zone(node), node.path("secure-cookies").asBoolean(false),
                textList(node.path("trusted-proxies")), limits(node.path("limits")));
    }

    private static ZoneId zone(JsonNode node) {
        JsonNode v = node.get("business-zone");
        if (v == null || v.isNull()) {
            return DEFAULT_BUSINESS_ZONE;
        }
        try {
            return ZoneId.of(v.asText());
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("panel.business-zone", "not a time zone id: '" + v.asText() + "'");
        }
    }

    private static List<String> textList(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static PanelLimits limits(JsonNode node) {
        PanelLimits d = PanelLimits.defaults();
        if (node.isMissingNode() || node.isNull()) {
            return d;
        }
        try {
            return new PanelLimits(node.path("max-threads").asInt(d.maxThreads()),
                    node.path("max-connections").asInt(d.maxConnections()),
                    node.has("idle-timeout") ? Durations.parse("panel.limits.idle-timeout", node.get("idle-timeout").asText()) : d.idleTimeout(),
                    node.path("max-request-bytes").asInt(d.maxRequestBytes()),
                    node.path("max-sessions").asInt(d.maxSessions()),
                    node.path("max-sse-clients").asInt(d.maxSseClients()),
                    node.path("max-concurrent-logins").asInt(d.maxConcurrentLogins()),
                    node.path("max-login-failures-per-client").asInt(d.maxLoginFailuresPerClient()),
                    node.path("max-tracked-clients").asInt(d.maxTrackedClients()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("panel.limits", e.getMessage());
        }
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
