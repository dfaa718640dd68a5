package io.channelpulse.gateway.panel;

import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.serde.Json;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Authentication: the one before-handler that guards every {@code /api/} route (401 without a
 * live session, 403 for a state-changing request from another origin), and login and logout.
 * Password checks are throttled by {@link LoginLimiter} and at most {@code maxConcurrentLogins}
 * bcrypt checks run at once, so a login flood costs a bounded share of the CPU.
 */
final class PanelAuth {

    static final String COOKIE = "pulse_session";
    /** With TLS in front: a cookie the browser only sends over HTTPS, only to this host, only for /. */
    static final String SECURE_COOKIE = "__Host-pulse_session";
    static final String USER = "panel.user";
    static final String TOKEN = "panel.token";

    private final PanelSettings settings;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final ClientAddress clients;
    private final Semaphore bcrypt;
    /** Logins waiting for or holding a bcrypt slot: a quarter of the worker threads, so a flood cannot take them all. */
    private final Semaphore loginThreads;
    private final String cookie;
    /** A real hash of nothing anyone knows, at the users' own cost, checked for unknown users so both paths take as long. */
    private final String unknownUserHash;

    PanelAuth(PanelSettings settings, Sessions sessions) {
        this.settings = settings;
        this.sessions = sessions;
        this.limiter = LoginLimiter.of(settings, sessions.clock());
        this.clients = ClientAddress.of(settings.trustedProxies());
        this.bcrypt = new Semaphore(settings.limits().maxConcurrentLogins());
        this.loginThreads = new Semaphore(Math.max(settings.limits().maxConcurrentLogins(), settings.limits().maxThreads() / 4));
        this.cookie = settings.secureCookies() ? SECURE_COOKIE : COOKIE;
        int cost = settings.managers().stream().mapToInt(m -> cost(m.passwordHash())).max().orElse(12);
        this.unknownUserHash = BCrypt.hashpw(UUID.randomUUID().toString(), BCrypt.gensalt(cost));
    }

    /** Before every matched route: same-origin for state changes, a session for the API. */
    void before(Context ctx) {
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && !sameOrigin(ctx)) {
            PanelApi.json(ctx, 403, PanelApi.error("cross-origin request refused"));
            ctx.skipRemainingHandlers();
            return;
        }
        String path = ctx.path();
        if (!path.startsWith("/api/") || path.equals("/api/login") || path.equals("/api/logout")) {
            return;
        }
        String token = ctx.cookie(cookie);
        Optional<Manager> user = sessions.user(token).map(settings::manager);
        if (user.isEmpty()) {
            PanelApi.json(ctx, 401, PanelApi.error("not logged in or session expired"));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(USER, user.get());
        ctx.attribute(TOKEN, token);
    }

    /**
     * A browser names the page that sent a request in {@code Origin} (or at least {@code Referer});
     * it must be this host. A request with neither comes from no browser page, so it is no CSRF.
     */
    private static boolean sameOrigin(Context ctx) {
        String source = ctx.header("Origin");
        if (source == null || source.equals("null")) {
            source = ctx.header("Referer");
        }
        if (source == null) {
            return ctx.header("Origin") == null;
        }
        String host = ctx.header("Host");
        try {
            URI uri = URI.create(source);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && uri.getHost() != null && (authority.equalsIgnoreCase(host) || uri.getHost().equalsIgnoreCase(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void login(Context ctx) throws IOException, InterruptedException {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            PanelApi.json(ctx, 415, PanelApi.error("send {username, password} as application/json"));
            return;
        }
        int max = settings.limits().maxRequestBytes();
        long declared = ctx.req().getContentLengthLong();
        byte[] raw;
        if (declared > max) {
            raw = null;
        } else {
            try (InputStream in = ctx.req().getInputStream()) {
                raw = in.readNBytes(max + 1);
            }
        }
        if (raw == null || raw.length > max) {
            ctx.header("Connection", "close");
            PanelApi.json(ctx, 413, PanelApi.error("login body larger than " + max + " bytes"));
            return;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(raw);
        } catch (IOException e) {
            PanelApi.json(ctx, 400, PanelApi.error("body must be JSON {username, password}"));
            return;
        }
        String username = body == null ? "" : body.path("username").asText("");
        String password = body == null ? "" : body.path("password").asText("");
        Optional<LoginLimiter.Reservation> attempt = limiter.reserve(username, clients.of(ctx));
        if (attempt.isEmpty()) {
            PanelApi.json(ctx, 429, PanelApi.error("too many failed logins; try again later"));
            return;
        }
        if (!loginThreads.tryAcquire()) {
            busy(ctx, attempt.get());
            return;
        }
        boolean ok;
        Manager m = settings.manager(username);
        try {
            if (!bcrypt.tryAcquire(5, TimeUnit.SECONDS)) {
                busy(ctx, attempt.get());
                return;
            }
            try {
                // Check a hash even for unknown users, so timing does not reveal who exists.
                ok = checkPassword(password, m != null ? m.passwordHash() : unknownUserHash) && m != null;
            } finally {
                bcrypt.release();
            }
        } finally {
            loginThreads.release();
        }
        if (!ok) {
            PanelApi.json(ctx, 401, PanelApi.error("wrong username or password"));
            return;
        }
        attempt.get().succeeded();
        String token = sessions.create(username);
        ctx.header("Set-Cookie", cookie + "=" + token + attributes() + "; Max-Age=" + sessions.ttl().toSeconds());
        ObjectNode me = Json.mapper().createObjectNode();
        me.put("username", username);
        PanelApi.json(ctx, 200, me);
    }

    private static void busy(Context ctx, LoginLimiter.Reservation attempt) {
        attempt.refund();
        ctx.header("Retry-After", "5");
        PanelApi.json(ctx, 503, PanelApi.error("busy; try again"));
    }

    void logout(Context ctx) {
        sessions.end(ctx.cookie(cookie));
        ctx.header("Set-Cookie", cookie + "=" + attributes() + "; Max-Age=0");
        ctx.status(204);
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Strict" + (settings.secureCookies() ? "; Secure" : "");
    }

    /** The log rounds of a bcrypt hash ({@code $2a$12$...}), or 12 when it cannot be read. */
    static int cost(String hash) {
        try {
            return Math.max(4, Math.min(31, Integer.parseInt(hash.substring(4, 6))));
        } catch (RuntimeException e) {
            return 12;
        }
    }

    private static boolean checkPassword(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A stream's session, checked again while it is open. */
    boolean live(String token) {
        return sessions.user(token).isPresent();
    }
}
