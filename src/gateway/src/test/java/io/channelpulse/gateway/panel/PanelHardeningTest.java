package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelLimits;
import io.channelpulse.config.PanelSettings;
import static io.channelpulse.gateway.panel.PanelFixtures.PASSWORD;
import static io.channelpulse.gateway.panel.PanelFixtures.T0;
import static io.channelpulse.gateway.panel.PanelFixtures.kpi;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.serde.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The panel is safe to expose: every resource is bounded (threads, idle connections, bodies, SSE
 * clients), the stream never skips an event, the login limiter cannot be raced, dodged or turned
 * against the real admin, and state-changing requests from other origins are refused.
 */
class PanelHardeningTest {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();
    HistoryStore history = HistoryStore.defaults();
    String base;
    int port;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void start(PanelSettings settings) {
        PanelServer server = PanelFixtures.server(settings, history, Clock.systemUTC());
        open.add(0, server);
        port = server.port();
        base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> login(String user, String password, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    String session(String user) throws Exception {
        HttpResponse<String> r = login(user, PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    Socket halfSentRequest() throws Exception {
        Socket s = new Socket();
        open.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.getOutputStream().write("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void aHalfSentRequestIsCutOffAtTheIdleTimeout() throws Exception {
        start(PanelFixtures.settings().withLimits(PanelLimits.defaults().withIdleTimeout(Duration.ofSeconds(1))));
        Socket s = halfSentRequest();
        s.setSoTimeout(15_000);
        long started = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // a 408 page may come first; the connection must then close
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a half-sent request open for 15 s", e);
        } catch (java.net.SocketException reset) {
            // closed by the server: what we want
        }
        System.out.printf("half-sent request closed after %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Test
    void halfSentRequestsDoNotTakeAThreadEach() throws Exception {
        start(PanelFixtures.settings().withLimits(PanelLimits.defaults().withMaxThreads(12)));
        for (int i = 0; i < 60; i++) {
            halfSentRequest();
        }
        Thread.sleep(500);
        long panelThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("panel-http")).count();
        assertThat(panelThreads).as("threads serving the panel with 60 half-sent requests").isLessThanOrEqualTo(12);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("a normal request is still served").isEqualTo(401);
    }

    @Test
    void anOversizedLoginBodyIs413WithoutBeingRead() throws Exception {
        start(PanelFixtures.settings());
        String huge = "{\"username\":\"" + "a".repeat(1_000_000) + "\",\"password\":\"x\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void streamsBeyondTheClientBoundAre503() throws Exception {
        start(PanelFixtures.settings().withLimits(PanelLimits.defaults().withMaxSseClients(2)));
        String alice = session("alice");
        // Six at once: a place is taken before the 200 is sent, so no stream beyond the bound gets a 200 and then an empty body.
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<InputStream>>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(clients.submit(() -> stream(alice, null)));
        }
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<InputStream>> attempt : attempts) {
            HttpResponse<InputStream> r = attempt.get(20, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                streams.add(r);
            } else {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
                r.body().close();
                refused++;
            }
        }
        clients.shutdown();
        assertThat(streams).as("streams admitted with a bound of 2").hasSize(2);
        assertThat(refused).isEqualTo(4);
        assertThat(stream(alice, null).statusCode()).isEqualTo(503);
        streams.get(0).body().close();
        // A closed stream frees its place (the server notices on its next write or keep-alive).
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        int status;
        do {
            Thread.sleep(200);
            history.onKpi(kpi("CH-A1", T0.plusSeconds(60 * (long) (Math.random() * 1000)), "1.00"));
            HttpResponse<InputStream> r = stream(alice, null);
            status = r.statusCode();
            r.body().close();
        } while (status != 200 && System.nanoTime() < until);
        assertThat(status).isEqualTo(200);
    }

    HttpResponse<InputStream> stream(String cookie, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/stream")).header("Cookie", cookie)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theStreamNeverSkipsAnEventAppendedWhileItWrites() throws Exception {
        start(PanelFixtures.settings());
        String root = session("root");
        HttpResponse<InputStream> r = stream(root, "0");
        assertThat(r.statusCode()).isEqualTo(200);
        int total = 3_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                history.onKpi(kpi("CH-A1", T0.plusSeconds(60L * i), "1.00"));
            }
        });
        producer.start();
        List<Long> ids = new ArrayList<>();
        Future<?> reader = Executors.newSingleThreadExecutor().submit((Callable<Void>) () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; ids.size() < total && (line = in.readLine()) != null; ) {
                    if (line.startsWith("id: ")) {
                        ids.add(Long.parseLong(line.substring(4).trim()));
                    }
                }
            }
            return null;
        });
        try {
            reader.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // fall through: the assertion below names what is missing
        }
        producer.join();
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, total).boxed().toList();
        assertThat(ids).as("every event exactly once, in order").isEqualTo(expected);
    }

    @Test
    void resumingFromBeforeTheBufferGetsAResetEventInsteadOfASilentGap() throws Exception {
        history = new HistoryStore(Duration.ofHours(24), 1_000, 100, 3);
        for (int i = 0; i < 10; i++) {
            history.onKpi(kpi("CH-A1", T0.plusSeconds(60L * i), "1.00"));
        }
        start(PanelFixtures.settings());
        HttpResponse<InputStream> r = stream(session("alice"), "2");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        Future<?> reader = Executors.newSingleThreadExecutor().submit((Callable<Void>) () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; lines.stream().filter(l -> l.startsWith("event: ")).count() < 1 && (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            return null;
        });
        reader.get(10, TimeUnit.SECONDS);
        assertThat(lines).as("the first event tells the page to reload").contains("event: reset");
        assertThat(lines).doesNotContain("event: kpi");
    }

    @Test
    void parallelGuessesGetNoMoreTriesThanTheLimit() throws Exception {
        start(PanelFixtures.settings()); // 3 failures per user and client
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> login("alice", "wrong").statusCode()));
            }
            int wrong = 0;
            for (Future<Integer> f : results) {
                int status = f.get(60, TimeUnit.SECONDS);
                assertThat(status).isIn(401, 429, 503);
                wrong += status == 401 ? 1 : 0;
            }
            assertThat(wrong).as("passwords actually checked").isLessThanOrEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotatingUsernamesFromOneClientAreThrottled() throws Exception {
        start(PanelFixtures.settings().withLimits(PanelLimits.defaults().withMaxLoginFailuresPerClient(5)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(login("user-" + i, "wrong").statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
    }

    @Test
    void anAttackerElsewhereCannotLockTheAdminOut() throws Exception {
        start(PanelFixtures.settings().withTrustedProxies(List.of("127.0.0.1")));
        for (int i = 0; i < 6; i++) {
            assertThat(login("root", "guess-" + i, "X-Forwarded-For", "203.0.113.9").statusCode()).isIn(401, 429);
        }
        assertThat(login("root", PASSWORD, "X-Forwarded-For", "203.0.113.9").statusCode())
                .as("the attacker's own client is throttled").isEqualTo(429);
        assertThat(login("root", PASSWORD, "X-Forwarded-For", "198.51.100.7").statusCode())
                .as("the real admin, from another address, logs in").isEqualTo(200);
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
        start(PanelFixtures.settings().withLimits(PanelLimits.defaults().withMaxLoginFailuresPerClient(3)));
        for (int i = 0; i < 3; i++) {
            login("user-" + i, "wrong", "X-Forwarded-For", "203.0.113." + i);
        }
        assertThat(login("user-9", "wrong", "X-Forwarded-For", "203.0.113.99").statusCode()).isEqualTo(429);
    }

    @Test
    void loginFromAnotherOriginOrWithoutJsonIsRefused() throws Exception {
        start(PanelFixtures.settings());
        assertThat(login("alice", PASSWORD, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(login("alice", PASSWORD, "Referer", "http://evil.example/page").statusCode()).isEqualTo(403);
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(login("alice", PASSWORD, "Origin", base).statusCode()).as("same origin").isEqualTo(200);
        String alice = session("alice");
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(base + "/api/logout")).header("Cookie", alice)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(403);
    }

    @Test
    void everyResponseForbidsFramingAndSniffing() throws Exception {
        start(PanelFixtures.settings());
        for (String path : List.of("/", "/static/app.js", "/api/me")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as(path).contains("frame-ancestors 'none'").contains("default-src 'self'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
        }
    }

    @Test
    void secureCookiesUseTheHostPrefix() throws Exception {
        start(PanelFixtures.settings().withSecureCookies(true));
        String cookie = login("alice", PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("__Host-pulse_session=").contains("; Secure").contains("Path=/")
                .contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Domain");
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
    }

    @Test
    void todayRollsOverInTheConfiguredBusinessZone() throws Exception {
        // 23:00 UTC on the 28th is 07:00 on the 29th in Shanghai; T0 is 02:00 UTC / 10:00 Shanghai on the 29th.
        history.onKpi(kpi("CH-A1", T0.minusSeconds(3 * 3600), "40.00"));
        history.onKpi(kpi("CH-A1", T0, "2.00"));
        start(PanelFixtures.settings().withBusinessZone(ZoneOffset.UTC));
        String alice = session("alice");
        JsonNode tiles = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/channels"))
                .header("Cookie", alice).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(tiles.get(0).path("revenueToday").decimalValue()).as("only the UTC day of T0").isEqualByComparingTo("2.00");
        JsonNode me = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("Cookie", alice).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(me.path("businessZone").asText()).isEqualTo("Z");
    }
}
