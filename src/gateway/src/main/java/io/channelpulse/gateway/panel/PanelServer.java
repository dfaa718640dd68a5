package io.channelpulse.gateway.panel;

import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The channel managers' live panel and its JSON API, on the gateway's user-facing port. Every API
 * and stream endpoint checks the session (401 without one) and the caller's channels (403, with no
 * data, for anyone else's channel) on the server. Static assets, including uPlot from its WebJar,
 * are served from the jar.
 */
public final class PanelServer implements AutoCloseable {

    static final String COOKIE = "pulse_session";
    /** A real hash of nothing anyone knows, checked for unknown users so both paths cost the same. */
    private static final String UNKNOWN_USER_HASH = BCrypt.hashpw(java.util.UUID.randomUUID().toString(), BCrypt.gensalt(12));
    private static final Pattern CHANNEL_KPIS = Pattern.compile("/api/channels/([^/]+)/kpis");
    private static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Map<String, String> STATIC = Map.of(
            "/", "/panel/index.html",
            "/static/app.js", "/panel/app.js",
            "/static/app.css", "/panel/app.css",
            "/static/uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "/static/uPlot.min.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");

    private final HttpServer server;
    private final PanelSettings settings;
    private final HistoryStore history;
    private final Sessions sessions;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "panel-http");
        t.setDaemon(true);
        return t;
    });

    public PanelServer(PanelSettings settings, HistoryStore history, Sessions sessions, String host, int port) {
        this.settings = settings;
        this.history = history;
        this.sessions = sessions;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the panel on " + host + ":" + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && STATIC.containsKey(path)) {
                serveStatic(ex, STATIC.get(path));
            } else if (path.equals("/api/login") && method.equals("POST")) {
                login(ex);
            } else if (path.equals("/api/logout") && method.equals("POST")) {
                sessions.end(cookie(ex));
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                send(ex, 204, null);
            } else if (path.startsWith("/api/") && method.equals("GET")) {
                Optional<Manager> user = sessions.user(cookie(ex)).map(settings::manager);
                if (user.isEmpty()) {
                    send(ex, 401, error("not logged in or session expired"));
                } else {
                    api(ex, path, user.get());
                }
            } else {
                send(ex, 404, error("not found"));
            }
        }
    }

    private void api(HttpExchange ex, String path, Manager user) throws IOException {
        Map<String, String> query = query(ex);
        Matcher kpis = CHANNEL_KPIS.matcher(path);
        if (path.equals("/api/me")) {
            ObjectNode me = Json.mapper().createObjectNode();
            me.put("username", user.username());
            me.put("name", user.displayName());
            me.put("admin", user.admin());
            me.put("grafanaUrl", settings.grafanaUrl());
            me.set("channels", Json.mapper().valueToTree(visibleChannels(user)));
            send(ex, 200, me);
        } else if (path.equals("/api/channels")) {
            ArrayNode tiles = Json.mapper().createArrayNode();
            long lastEventId;
            // One consistent snapshot: the page streams events after exactly this id, so no KPI
            // is counted twice or missed.
            synchronized (history) {
                for (String channel : visibleChannels(user)) {
                    tiles.add(tile(channel));
                }
                lastEventId = history.lastEventId();
            }
            ex.getResponseHeaders().set("X-Last-Event-Id", Long.toString(lastEventId));
            send(ex, 200, tiles);
        } else if (kpis.matches()) {
            String channel = URLDecoder.decode(kpis.group(1), StandardCharsets.UTF_8);
            if (!user.canSee(channel)) {
                send(ex, 403, error("not your channel"));
                return;
            }
            send(ex, 200, Json.mapper().valueToTree(history.kpis(channel)));
        } else if (path.equals("/api/alerts")) {
            String status = query.get("status");
            String channel = query.get("channel");
            if (channel != null && !user.canSee(channel)) {
                send(ex, 403, error("not your channel"));
                return;
            }
            List<Alert> alerts = history.alerts(a -> user.canSee(a.channelId())
                    && (status == null || a.status().name().equalsIgnoreCase(status))
                    && (channel == null || channel.equals(a.channelId())));
            send(ex, 200, Json.mapper().valueToTree(alerts));
        } else if (path.equals("/api/stream")) {
            String channel = query.get("channel");
            if (channel != null && !user.canSee(channel)) {
                send(ex, 403, error("not your channel"));
                return;
            }
            stream(ex, user, channel);
        } else {
            send(ex, 404, error("not found"));
        }
    }

    private List<String> visibleChannels(Manager user) {
        if (user.admin()) {
            return history.channels().stream().sorted().toList();
        }
        return user.channels().stream().sorted().toList();
    }

    /** Overview of one channel: the last window, today so far (Asia/Shanghai), open alerts. */
    private ObjectNode tile(String channel) {
        List<ChannelKpi> windows = history.kpis(channel);
        ObjectNode t = Json.mapper().createObjectNode();
        t.put("channelId", channel);
        ChannelKpi last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
        t.put("channelType", last == null || last.channelType() == null ? null : last.channelType().name());
        t.set("lastWindow", last == null ? null : Json.mapper().valueToTree(last));
        BigDecimal revenue = BigDecimal.ZERO;
        long units = 0;
        long breaches = 0;
        if (last != null) {
            Instant startOfDay = last.windowStart().atZone(BUSINESS_ZONE).toLocalDate().atStartOfDay(BUSINESS_ZONE).toInstant();
            for (ChannelKpi k : windows) {
                if (!k.windowStart().isBefore(startOfDay)) {
                    revenue = revenue.add(k.revenue());
                    units += k.unitsSold();
                    breaches += k.slaBreaches();
                }
            }
        }
        t.put("revenueToday", revenue);
        t.put("unitsToday", units);
        t.put("slaBreachesToday", breaches);
        t.put("openAlerts", history.alerts(a -> a.channelId().equals(channel) && a.status() == AlertStatus.FIRING).size());
        return t;
    }

    /**
     * Server-Sent Events of the caller's channels (or one of them). Resumes after {@code Last-Event-ID}
     * (header, or {@code lastEventId} parameter for the first connection); sends a comment every 15 s,
     * and ends the stream when the session ends.
     */
    private void stream(HttpExchange ex, Manager user, String channel) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        String token = cookie(ex);
        long last = lastEventId(ex);
        Semaphore wake = new Semaphore(0);
        Runnable onEvent = wake::release;
        history.subscribe(onEvent);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(("retry: 1000\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (sessions.user(token).isPresent()) {
                for (HistoryStore.Event e : history.eventsAfter(last, e -> user.canSee(e.channelId())
                        && (channel == null || channel.equals(e.channelId())))) {
                    out.write(("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                    last = e.id();
                }
                last = Math.max(last, history.lastEventId());
                out.flush();
                if (!wake.tryAcquire(15, TimeUnit.SECONDS)) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                wake.drainPermits();
            }
        } catch (IOException e) {
            // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            history.unsubscribe(onEvent);
        }
    }

    private static long lastEventId(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Last-Event-ID");
        String value = header != null ? header : query(ex).get("lastEventId");
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void login(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = Json.mapper().readTree(ex.getRequestBody());
        } catch (IOException e) {
            send(ex, 400, error("body must be JSON {username, password}"));
            return;
        }
        String username = body == null ? "" : body.path("username").asText("");
        String password = body == null ? "" : body.path("password").asText("");
        if (sessions.lockedOut(username)) {
            send(ex, 429, error("too many failed logins; try again later"));
            return;
        }
        Manager m = settings.manager(username);
        // Check a hash even for unknown users, so timing does not reveal who exists.
        String hash = m != null ? m.passwordHash() : UNKNOWN_USER_HASH;
        boolean ok = checkPassword(password, hash) && m != null;
        if (!ok) {
            sessions.failed(username);
            send(ex, 401, error("wrong username or password"));
            return;
        }
        sessions.succeeded(username);
        String token = sessions.create(username);
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessions.ttl().toSeconds());
        ObjectNode me = Json.mapper().createObjectNode();
        me.put("username", username);
        send(ex, 200, me);
    }

    private static boolean checkPassword(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String cookie(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static Map<String, String> query(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        Map<String, String> out = new java.util.HashMap<>();
        if (q != null) {
            for (String kv : q.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private void serveStatic(HttpExchange ex, String resource) throws IOException {
        try (InputStream in = PanelServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                send(ex, 404, error("missing asset " + resource));
                return;
            }
            byte[] bytes = in.readAllBytes();
            String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css" : "text/html";
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private static JsonNode error(String message) {
        return Json.mapper().createObjectNode().put("error", message);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
