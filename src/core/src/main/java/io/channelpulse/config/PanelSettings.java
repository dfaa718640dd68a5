package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code panel:} section: the users, their channels, the session lifetime, the login limiter,
 * the link to Grafana, cookie and proxy trust, and the resource bounds. Passwords are bcrypt hashes
 * made with {@code gateway hash-password}. Bound by {@link io.channelpulse.config.ConfigLoader}; the
 * business zone of "today" is not a panel key but {@code business.time-zone}, set by the root.
 */
public record PanelSettings(
        List<Manager> managers, Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow,
        Duration history, String grafanaUrl, ZoneId businessZone, boolean secureCookies,
        List<String> trustedProxies, PanelLimits limits) {

    public static final ZoneId DEFAULT_BUSINESS_ZONE = Business.defaults().timeZone();

    /** The settings before zone, cookie, proxy and limit options existed; those take their defaults. */
    public PanelSettings(List<Manager> managers, Duration sessionTtl, int maxLoginFailures, Duration loginFailureWindow,
            Duration history, String grafanaUrl) {
        this(managers, sessionTtl, maxLoginFailures, loginFailureWindow, history, grafanaUrl, DEFAULT_BUSINESS_ZONE,
                false, List.of(), PanelLimits.defaults());
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

    /** Bounds of {@code panel.max-login-failures}: 0 would lock every user out at once. */
    static final int MIN_LOGIN_FAILURES = 1;
    static final int MAX_LOGIN_FAILURES = 100;

    public static PanelSettings none() {
        return new PanelSettings(List.of(), Duration.ofHours(8), 5, Duration.ofMinutes(5), Duration.ofHours(24),
                "http://localhost:3000/d/channel-pulse-kpis/channel-kpis?var-channel={channelId}");
    }

    public Manager manager(String username) {
        return managers.stream().filter(m -> m.username().equals(username)).findFirst().orElse(null);
    }

    /** {@code panel.users[i]} as the file writes it. */
    record User(String username, String name, String passwordHash, String role, List<String> channels) {}

    @JsonCreator
    static PanelSettings bind(
            @JsonProperty("users") List<User> users,
            @JsonProperty("session-ttl") Duration sessionTtl,
            @JsonProperty("max-login-failures") Long maxLoginFailures,
            @JsonProperty("login-failure-window") Duration loginFailureWindow,
            @JsonProperty("history") Duration history,
            @JsonProperty("grafana-url") String grafanaUrl,
            @JsonProperty("secure-cookies") Boolean secureCookies,
            @JsonProperty("trusted-proxies") List<String> trustedProxies,
            @JsonProperty("limits") PanelLimits limits) {
        PanelSettings d = none();
        List<Manager> managers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<User> given = users == null ? List.of() : users;
        for (int i = 0; i < given.size(); i++) {
            managers.add(manager("users[" + i + "]", given.get(i), names));
        }
        return new PanelSettings(List.copyOf(managers),
                Require.orDefault(sessionTtl, d.sessionTtl()),
                (int) Require.range("max-login-failures", maxLoginFailures, d.maxLoginFailures(), MIN_LOGIN_FAILURES, MAX_LOGIN_FAILURES),
                Require.orDefault(loginFailureWindow, d.loginFailureWindow()),
                Require.orDefault(history, d.history()),
                Require.text("grafana-url", grafanaUrl, d.grafanaUrl()),
                DEFAULT_BUSINESS_ZONE,
                Require.orDefault(secureCookies, false),
                proxies(trustedProxies),
                Require.orDefault(limits, PanelLimits.defaults()));
    }

    private static List<String> proxies(List<String> given) {
        List<String> out = given == null ? List.of() : given;
        for (int i = 0; i < out.size(); i++) {
            Require.text("trusted-proxies[" + i + "]", out.get(i), null);
            if (out.get(i) == null) {
                throw new ConfigException("trusted-proxies[" + i + "]", "must be an address");
            }
        }
        return List.copyOf(out);
    }

    private static Manager manager(String key, User u, Set<String> names) {
        if (u == null) {
            throw new ConfigException(key, "must be a mapping with username, password-hash and channels");
        }
        String name = Require.text(key + ".username", u.username(), null);
        if (name == null) {
            throw new ConfigException(key + ".username", "is required");
        }
        if (!names.add(name)) {
            throw new ConfigException(key + ".username", "duplicate user '" + name + "'");
        }
        if (u.passwordHash() == null || !u.passwordHash().matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
            throw new ConfigException(key + ".password-hash", "must be a bcrypt hash from 'gateway hash-password'");
        }
        String role = Require.orDefault(u.role(), "manager");
        if (!role.equals("manager") && !role.equals("admin")) {
            throw new ConfigException(key + ".role", "must be manager or admin, got '" + role + "'");
        }
        Set<String> channels = new LinkedHashSet<>();
        List<String> listed = u.channels() == null ? List.of() : u.channels();
        for (int j = 0; j < listed.size(); j++) {
            channels.add(Require.text(key + ".channels[" + j + "]", listed.get(j), null));
        }
        channels.remove(null);
        if (role.equals("manager") && channels.isEmpty()) {
            throw new ConfigException(key + ".channels", "a manager must own at least one channel");
        }
        return new Manager(name, u.passwordHash(), Set.copyOf(channels), role.equals("admin"),
                Require.text(key + ".name", u.name(), name));
    }
}
