package io.channelpulse.gateway.panel;

import io.channelpulse.config.Manager;
import io.channelpulse.config.PanelSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.serde.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The panel's JSON API, as a table of read-only routes. Every handler runs after
 * {@link PanelAuth#before}, so the caller is known; each one checks the caller's channels (403,
 * with no data, for anyone else's).
 */
final class PanelApi {

    private final PanelSettings settings;
    private final HistoryStore history;
    private final PlanStore plan;

    PanelApi(PanelSettings settings, HistoryStore history, PlanStore plan) {
        this.settings = settings;
        this.history = history;
        this.plan = plan;
    }

    /** GET path → handler. */
    Map<String, Handler> routes() {
        return Map.of(
                "/api/me", this::me,
                "/api/channels", this::channels,
                "/api/channels/{channel}/kpis", this::kpis,
                "/api/channels/{channel}/plan", this::plan,
                "/api/alerts", this::alerts);
    }

    static Manager user(Context ctx) {
        return ctx.attribute(PanelAuth.USER);
    }

    private void me(Context ctx) {
        Manager user = user(ctx);
        ObjectNode me = Json.mapper().createObjectNode();
        me.put("username", user.username());
        me.put("name", user.displayName());
        me.put("admin", user.admin());
        me.put("grafanaUrl", settings.grafanaUrl());
        // The page computes "today" in this zone too, whatever the browser's own zone is.
        me.put("businessZone", settings.businessZone().getId());
        me.set("channels", Json.mapper().valueToTree(visibleChannels(user)));
        json(ctx, 200, me);
    }

    private void channels(Context ctx) {
        Manager user = user(ctx);
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
        ctx.header("X-Last-Event-Id", Long.toString(lastEventId));
        json(ctx, 200, tiles);
    }

    private void kpis(Context ctx) {
        String channel = ctx.pathParam("channel");
        if (!user(ctx).canSee(channel)) {
            json(ctx, 403, error("not your channel"));
            return;
        }
        json(ctx, 200, history.kpis(channel));
    }

    /** The channel plan of one channel: its latest closed month, partner table and open economics alerts. */
    private void plan(Context ctx) {
        String channel = ctx.pathParam("channel");
        if (!user(ctx).canSee(channel)) {
            json(ctx, 403, error("not your channel"));
            return;
        }
        json(ctx, 200, plan.plan(channel));
    }

    private void alerts(Context ctx) {
        Manager user = user(ctx);
        String status = ctx.queryParam("status");
        String channel = ctx.queryParam("channel");
        if (channel != null && !user.canSee(channel)) {
            json(ctx, 403, error("not your channel"));
            return;
        }
        List<Alert> alerts = history.alerts(a -> user.canSee(a.channelId())
                && (status == null || a.status().name().equalsIgnoreCase(status))
                && (channel == null || channel.equals(a.channelId())));
        json(ctx, 200, alerts);
    }

    private List<String> visibleChannels(Manager user) {
        if (user.admin()) {
            return history.channels().stream().sorted().toList();
        }
        return user.channels().stream().sorted().toList();
    }

    /** Overview of one channel: the last window, today so far (in the business zone), open alerts. */
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
            Instant startOfDay = last.windowStart().atZone(settings.businessZone()).toLocalDate()
                    .atStartOfDay(settings.businessZone()).toInstant();
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

    static JsonNode error(String message) {
        return Json.mapper().createObjectNode().put("error", message);
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json; charset=utf-8").result(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
