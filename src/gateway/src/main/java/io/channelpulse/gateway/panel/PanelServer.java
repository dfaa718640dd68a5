package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelLimits;
import io.channelpulse.config.PanelSettings;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.util.AsyncExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The channel managers' live panel on the gateway's user-facing port: Javalin on Jetty with every
 * resource bounded by {@link PanelLimits}. It assembles {@link PanelAuth} (one before-handler),
 * {@link PanelApi} (a route table) and {@link PanelStream} (SSE), adds security headers to every
 * response, and serves the page and uPlot (from its WebJar) out of the jar.
 */
public final class PanelServer implements AutoCloseable {

    static final String COOKIE = PanelAuth.COOKIE;
    /** Scripts, styles and connections only from this origin; never framed; no plugins. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> STATIC = Map.of(
            "/", "/panel/index.html",
            "/static/app.js", "/panel/app.js",
            "/static/app.css", "/panel/app.css",
            "/static/uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "/static/uPlot.min.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");

    private final Javalin app;
    private final PanelStream stream;
    private final ThreadPoolExecutor streamSetup;

    public PanelServer(PanelSettings settings, HistoryStore history, Sessions sessions, String host, int port) {
        this(settings, history, PlanStore.defaults(), sessions, host, port);
    }

    public PanelServer(PanelSettings settings, HistoryStore history, PlanStore plan, Sessions sessions, String host, int port) {
        PanelLimits limits = settings.limits();
        PanelAuth auth = new PanelAuth(settings, sessions);
        PanelApi api = new PanelApi(settings, history, plan);
        this.stream = new PanelStream(history, auth, limits.maxSseClients());
        // Javalin hands each new SSE client to this pool only to register it; the stream then holds no thread.
        this.streamSetup = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.maxSseClients()), r -> {
            Thread t = new Thread(r, "panel-sse-setup");
            t.setDaemon(true);
            return t;
        });
        Map<String, byte[]> assets = loadAssets();
        this.app = Javalin.create(config -> {
            bound(config, limits, host, port);
            config.concurrency.executor = kotlin.LazyKt.lazyOf(new AsyncExecutor(streamSetup));
            config.routes.before(PanelServer::securityHeaders);
            config.routes.beforeMatched(auth::before);
            assets.forEach((path, bytes) -> config.routes.get(path, ctx -> asset(ctx, path, bytes)));
            config.routes.post("/api/login", auth::login);
            config.routes.post("/api/logout", auth::logout);
            api.routes().forEach(config.routes::get);
            config.routes.beforeMatched("/api/stream", stream::before);
            config.routes.sse("/api/stream", stream::open);
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    PanelApi.json(ctx, 404, PanelApi.error("not found"));
                }
            });
        });
        app.start();
    }

    /** Jetty's threads, queue, connections, idle timeout and header size, from {@link PanelLimits}. */
    private static void bound(JavalinConfig config, PanelLimits limits, String host, int port) {
        // Jetty wants an unbounded job queue; it holds at most one request per connection, and connections are limited.
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(4, limits.maxThreads()), 60_000);
        threads.setName("panel-http");
        threads.setDaemon(true);
        config.jetty.threadPool = threads;
        config.http.maxRequestSize = limits.maxRequestBytes();
        config.startup.showJavalinBanner = false;
        config.jetty.addConnector((server, http) -> {
            http.setRequestHeaderSize(8 * 1024);
            http.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            // A connection that sends nothing for this long is closed, whether it is mid-header (slow-loris) or idle.
            connector.setIdleTimeout(limits.idleTimeout().toMillis());
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
            return connector;
        });
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static Map<String, byte[]> loadAssets() {
        Map<String, byte[]> out = new HashMap<>();
        STATIC.forEach((path, resource) -> {
            try (InputStream in = PanelServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing panel asset " + resource);
                }
                out.put(path, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    private static void asset(Context ctx, String path, byte[] bytes) {
        String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
        ctx.contentType(type + "; charset=utf-8").result(bytes);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        stream.close();
        app.stop();
        streamSetup.shutdownNow();
    }
}
