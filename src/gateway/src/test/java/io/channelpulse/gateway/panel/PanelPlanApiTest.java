package io.channelpulse.gateway.panel;

import static io.channelpulse.gateway.panel.PanelFixtures.PASSWORD;
import static io.channelpulse.gateway.panel.PanelFixtures.month;
import static io.channelpulse.gateway.panel.PanelFixtures.roiAlert;
import static io.channelpulse.gateway.panel.PanelFixtures.tier;
import static io.channelpulse.gateway.panel.PanelFixtures.tierChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/channels/{channel}/plan} over real HTTP: the plan of the caller's channels only. */
class PanelPlanApiTest {

    final HttpClient http = HttpClient.newHttpClient();
    PanelServer server;
    String base;

    @BeforeEach
    void start() {
        PlanStore plan = PlanStore.defaults();
        plan.onChannelEconomics(month("CH-A1", "2026-11", "0.04", "0.15"));
        plan.onChannelEconomics(month("CH-B1", "2026-11", "0.96", "0.85"));
        plan.onPartnerTier(tier("2026-11", "P-A", "CH-A1", PartnerTier.CORE, "1200.50", 1));
        plan.onPartnerTier(tierChange("2026-11", "P-A", "CH-A1", PartnerTier.QUALITY, PartnerTier.CORE));
        plan.onPartnerTier(tier("2026-11", "P-B", "CH-B1", PartnerTier.BASIC, "77777", 3));
        plan.onAlert(roiAlert("roi-P-A", AlertStatus.FIRING, "CH-A1", "P-A", "2026-11", "0.5"));
        plan.onAlert(roiAlert("roi-P-B", AlertStatus.FIRING, "CH-B1", "P-B", "2026-11", "0.25"));
        PanelSettings settings = PanelFixtures.settings();
        server = new PanelServer(settings, HistoryStore.defaults(), plan, Sessions.of(settings, Clock.systemUTC()), "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String session(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aManagerGetsTheSharesPartnerTableAndOpenEconomicsAlertsOfTheirChannel() throws Exception {
        HttpResponse<String> r = get("/api/channels/CH-A1/plan", session("alice"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode plan = Json.mapper().readTree(r.body());
        assertThat(plan.path("channelId").asText()).isEqualTo("CH-A1");
        assertThat(plan.path("month").path("period").asText()).isEqualTo("2026-11");
        assertThat(plan.path("month").path("salesShare").decimalValue()).isEqualByComparingTo("0.04");
        assertThat(plan.path("month").path("costShare").decimalValue()).isEqualByComparingTo("0.15");
        JsonNode row = plan.path("partners").path(0);
        assertThat(row.path("partnerId").asText()).isEqualTo("P-A");
        assertThat(row.path("tier").asText()).isEqualTo("CORE");
        assertThat(row.path("revenue").decimalValue()).isEqualByComparingTo("1200.50");
        assertThat(row.path("roi").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(row.path("lastChange").path("from").asText()).isEqualTo("QUALITY");
        assertThat(row.path("lastChange").path("to").asText()).isEqualTo("CORE");
        assertThat(row.path("lastChange").path("period").asText()).isEqualTo("2026-11");
        assertThat(plan.path("openAlerts")).extracting(a -> a.path("alertId").asText()).containsExactly("roi-P-A");
        assertThat(r.body()).doesNotContain("P-B").doesNotContain("77777");
    }

    @Test
    void anotherManagersChannelIs403WithNoDataAndAnAdminSeesIt() throws Exception {
        HttpResponse<String> denied = get("/api/channels/CH-B1/plan", session("alice"));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).doesNotContain("P-B").doesNotContain("0.96");
        HttpResponse<String> admin = get("/api/channels/CH-B1/plan", session("root"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(admin.body()).path("partners").path(0).path("partnerId").asText()).isEqualTo("P-B");
    }

    @Test
    void aChannelWithNothingClosedYetHasAnEmptyPlan() throws Exception {
        JsonNode plan = Json.mapper().readTree(get("/api/channels/CH-A2/plan", session("alice")).body());
        assertThat(plan.has("month")).isFalse();
        assertThat(plan.path("partners")).isEmpty();
        assertThat(plan.path("openAlerts")).isEmpty();
    }
}
