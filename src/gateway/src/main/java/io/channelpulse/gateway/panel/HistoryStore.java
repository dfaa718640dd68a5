package io.channelpulse.gateway.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.channelpulse.gateway.OutputListener;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.serde.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Recent history for the live panels, in memory and bounded: per channel the KPI windows of the
 * last {@code retention} of event time (default 24 h), at most {@code maxWindowsPerChannel} of
 * them; the latest state of each alert, at most {@code maxAlerts}; and a numbered event log for
 * Server-Sent Events, at most {@code maxEvents}, so a reconnecting page resumes from
 * {@code Last-Event-ID} without gaps. Only {@code tracked} channels (those named by partner master
 * data), at most {@code maxChannels} of them, get windows: a KPI of any other channel is counted and
 * dropped, so junk channelIds cannot grow it. Alerts are kept whatever their channel (they are
 * bounded by count).
 */
public final class HistoryStore implements OutputListener {

    /** One SSE event: a KPI or an alert of one channel, with its sequence number. */
    public record Event(long id, String channelId, String type, String json) {}

    private final long retentionMillis;
    private final int maxWindowsPerChannel;
    private final int maxAlerts;
    private final int maxEvents;
    private final int maxChannels;
    private final Predicate<String> tracked;
    private long untrackedKpis;
    private final Map<String, TreeMap<Long, ChannelKpi>> windows = new LinkedHashMap<>();
    private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final List<Runnable> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long nextEventId = 1;

    /** A store that keeps windows of any channel, at most 10,000 channels. */
    public HistoryStore(Duration retention, int maxWindowsPerChannel, int maxAlerts, int maxEvents) {
        this(retention, maxWindowsPerChannel, maxAlerts, maxEvents, 10_000, channelId -> true);
    }

    public HistoryStore(Duration retention, int maxWindowsPerChannel, int maxAlerts, int maxEvents,
            int maxChannels, Predicate<String> tracked) {
        this.retentionMillis = retention.toMillis();
        this.maxWindowsPerChannel = maxWindowsPerChannel;
        this.maxAlerts = maxAlerts;
        this.maxEvents = maxEvents;
        this.maxChannels = maxChannels;
        this.tracked = tracked;
    }

    public static HistoryStore defaults() {
        return new HistoryStore(Duration.ofHours(24), 24 * 60, 10_000, 50_000);
    }

    @Override
    public void onKpi(ChannelKpi kpi) {
        synchronized (this) {
            TreeMap<Long, ChannelKpi> byStart = windows.get(kpi.channelId());
            if (byStart == null) {
                if (!tracked.test(kpi.channelId()) || windows.size() >= maxChannels) {
                    untrackedKpis++;
                    return;
                }
                byStart = new TreeMap<>();
                windows.put(kpi.channelId(), byStart);
            }
            byStart.put(kpi.windowStart().toEpochMilli(), kpi);
            long newest = byStart.lastKey();
            byStart.headMap(newest - retentionMillis, false).clear();
            while (byStart.size() > maxWindowsPerChannel) {
                byStart.pollFirstEntry();
            }
            append(kpi.channelId(), "kpi", kpi);
        }
        subscribers.forEach(Runnable::run);
    }

    @Override
    public void onAlert(Alert alert) {
        synchronized (this) {
            alerts.remove(alert.alertId());
            alerts.put(alert.alertId(), alert);
            while (alerts.size() > maxAlerts) {
                alerts.remove(alerts.keySet().iterator().next());
            }
            append(alert.channelId(), "alert", alert);
        }
        subscribers.forEach(Runnable::run);
    }

    private void append(String channelId, String type, Object value) {
        try {
            events.addLast(new Event(nextEventId++, channelId, type, Json.mapper().writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        while (events.size() > maxEvents) {
            events.pollFirst();
        }
    }

    /** Drops a channel's windows: it left partner master data. Its alerts and events stay. */
    public synchronized void forget(String channelId) {
        windows.remove(channelId);
    }

    /** KPIs dropped because their channel is not tracked or the channel cap was reached. */
    public synchronized long untrackedKpis() {
        return untrackedKpis;
    }

    /** Called after every new event; SSE streams use it to wake up. */
    public void subscribe(Runnable onEvent) {
        subscribers.add(onEvent);
    }

    public void unsubscribe(Runnable onEvent) {
        subscribers.remove(onEvent);
    }

    public synchronized List<String> channels() {
        return new ArrayList<>(windows.keySet());
    }

    public synchronized List<ChannelKpi> kpis(String channelId) {
        TreeMap<Long, ChannelKpi> byStart = windows.get(channelId);
        return byStart == null ? List.of() : new ArrayList<>(byStart.values());
    }

    public synchronized int windowCount() {
        return windows.values().stream().mapToInt(Map::size).sum();
    }

    public synchronized List<Alert> alerts(Predicate<Alert> filter) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (filter.test(a)) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparing(Alert::eventTime).reversed());
        return out;
    }

    /** Events after {@code lastEventId} that pass {@code visible}, oldest first. */
    public synchronized List<Event> eventsAfter(long lastEventId, Predicate<Event> visible) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.id() > lastEventId && visible.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized long lastEventId() {
        return nextEventId - 1;
    }

    /** The oldest event still kept; a client asking for older ones gets a full reload signal. */
    public synchronized long firstEventId() {
        return events.isEmpty() ? nextEventId : events.peekFirst().id();
    }
}
