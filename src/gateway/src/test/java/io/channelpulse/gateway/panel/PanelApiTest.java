package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelSettings;
import static io.channelpulse.gateway.panel.PanelFixtures.PASSWORD;
import static io.channelpulse.gateway.panel.PanelFixtures.T0;
import static io.channelpulse.gateway.panel.PanelFixtures.alert;
import static io.channelpulse.gateway.panel.PanelFixtures.kpi;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 401, 403 and scoping on every API endpoint, including the SSE stream, over real HTTP. */
class PanelApiTest {

    /** A clock the test can move, for session expiry. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final HttpClient http = HttpClient.newHttpClient();
    final MovableClock clock = new MovableClock();
    HistoryStore history;
    PanelServer server;
    String base;

    @BeforeEach
    void start() {
        history = HistoryStore.defaults();
        history.onKpi(kpi("CH-A1", T0, "100.00"));
        history.onKpi(kpi("CH-B1", T0, "900.00"));
        history.onAlert(alert("alert-a", AlertStatus.FIRING, "CH-A1"));
        history.onAlert(alert("alert-b", AlertStatus.FIRING, "CH-B1"));
        PanelSettings settings = PanelFixtures.settings();
        server = new PanelServer(settings, history, Sessions.of(settings, clock), "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
    }

    String session(String user) throws Exception {
        HttpResponse<String> r = login(user, PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/me", "/api/channels", "/api/channels/CH-A1/kpis", "/api/channels/CH-A1/plan", "/api/alerts?status=FIRING", "/api/stream"})
    void everyEndpointWithoutASessionIs401(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, "pulse_session=forged-token").statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/channels/CH-B1/kpis", "/api/channels/CH-B1/plan", "/api/alerts?channel=CH-B1", "/api/stream?channel=CH-B1"})
    void anotherManagersChannelIs403WithNoData(String path) throws Exception {
        HttpResponse<String> r = get(path, session("alice"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("900").doesNotContain("alert-b");
    }

    @Test
    void listsAreScopedToTheCallersChannels() throws Exception {
        String alice = session("alice");
        JsonNode channels = Json.mapper().readTree(get("/api/channels", alice).body());
        assertThat(channels).extracting(c -> c.path("channelId").asText()).containsExactly("CH-A1", "CH-A2");
        assertThat(channels.get(0).path("revenueToday").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(channels.get(0).path("openAlerts").asInt()).isEqualTo(1);
        JsonNode alerts = Json.mapper().readTree(get("/api/alerts?status=FIRING", alice).body());
        assertThat(alerts).extracting(a -> a.path("alertId").asText()).containsExactly("alert-a");
        assertThat(get("/api/channels/CH-A1/kpis", alice).body()).contains("100.00");
        JsonNode admin = Json.mapper().readTree(get("/api/channels", session("root")).body());
        assertThat(admin).extracting(c -> c.path("channelId").asText()).containsExactly("CH-A1", "CH-B1");
    }

    @Test
    void loginCookieIsHttpOnlySameSiteStrictWithAnExpiryAndLogoutEndsTheSession() throws Exception {
        HttpResponse<String> r = login("alice", PASSWORD);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=28800").contains("Path=/");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/api/me", session).statusCode()).isEqualTo(200);
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/logout")).header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(get("/api/me", session).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredSessionIs401() throws Exception {
        String alice = session("alice");
        clock.now = clock.now.plus(Duration.ofHours(8));
        assertThat(get("/api/channels", alice).statusCode()).isEqualTo(401);
        assertThat(get("/api/stream", alice).statusCode()).isEqualTo(401);
    }

    @Test
    void failedLoginsAreRateLimited() throws Exception {
        assertThat(login("alice", "wrong").statusCode()).isEqualTo(401);
        assertThat(login("nobody", "wrong").statusCode()).isEqualTo(401);
        login("alice", "wrong");
        login("alice", "wrong");
        assertThat(login("alice", PASSWORD).statusCode()).as("locked out even with the right password").isEqualTo(429);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(login("alice", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void streamCarriesOnlyTheCallersChannelsAndResumesAfterLastEventId() throws Exception {
        String alice = session("alice");
        // Events so far: 1 kpi CH-A1, 2 kpi CH-B1, 3 alert CH-A1, 4 alert CH-B1.
        List<String> first = readStream("/api/stream", alice, null, 2, () -> history.onKpi(kpi("CH-A1", T0.plusSeconds(60), "5.00")));
        assertThat(first).containsExactly("id: 1", "id: 3");
        List<String> resumed = readStream("/api/stream", alice, "3", 1, () -> {
            history.onKpi(kpi("CH-B1", T0.plusSeconds(120), "7.00"));
            history.onAlert(alert("alert-a", AlertStatus.RESOLVED, "CH-A1"));
        });
        assertThat(resumed).as("resumes after 3 without gaps, skipping bob's channel").containsExactly("id: 5");
    }

    /** Opens the stream, runs {@code then}, and returns the first {@code count} "id:" lines. */
    List<String> readStream(String path, String cookie, String lastEventId, int count, Runnable then) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .header("Accept", "text/event-stream"); // as EventSource sends it
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        then.run();
        CompletableFuture<List<String>> ids = CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; out.size() < count && (line = in.readLine()) != null; ) {
                    if (line.startsWith("id: ")) {
                        out.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        });
        return ids.get(10, TimeUnit.SECONDS);
    }
}
