package io.channelpulse.gateway.panel;

import io.channelpulse.config.Manager;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The event stream: a registry of at most {@code maxSseClients} open SSE clients, fed by one
 * publisher thread. A client's place is taken in {@link #before} and given back when its stream
 * closes: Javalin sends the 200 before {@link #open} runs, so the bound can only be kept, with a
 * 503 for the client beyond it, before that. No request thread is held while a stream is open. Each client gets exactly
 * the events after its cursor, in order; a client whose cursor is older than the history buffer
 * gets {@code event: reset} (and the stream ends) so the page reloads its snapshot rather than
 * showing a silent gap.
 */
final class PanelStream implements AutoCloseable {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final byte[] KEEP_ALIVE_COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESET = "event: reset\ndata: {\"reason\":\"history buffer no longer holds the requested events\"}\n\n"
            .getBytes(StandardCharsets.UTF_8);

    /** The request attribute that marks a place taken in {@link #before} for {@link #open}. */
    private static final String PLACE = "channel-pulse.sse-place";

    /** One open stream: who it is for, what it shows, the last event id it has examined, and its place. */
    private final class Subscriber {
        final SseClient client;
        final Manager user;
        final String channel;
        final String token;
        final AtomicBoolean holdsPlace = new AtomicBoolean(true);
        long cursor;

        Subscriber(SseClient client, Manager user, String channel, String token, long cursor) {
            this.client = client;
            this.user = user;
            this.channel = channel;
            this.token = token;
            this.cursor = cursor;
        }

        /** Gives the place back once, whichever of close, drop or a failed first write comes first. */
        void leave() {
            clients.remove(this);
            if (holdsPlace.compareAndSet(true, false)) {
                places.release();
            }
        }

        boolean shows(HistoryStore.Event e) {
            return user.canSee(e.channelId()) && (channel == null || channel.equals(e.channelId()));
        }
    }

    private final HistoryStore history;
    private final PanelAuth auth;
    private final Semaphore places;
    private final Set<Subscriber> clients = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Runnable onEvent = wake::release;
    private final Thread publisher;
    private volatile boolean closed;

    PanelStream(HistoryStore history, PanelAuth auth, int maxClients) {
        this.history = history;
        this.auth = auth;
        this.places = new Semaphore(maxClients);
        history.subscribe(onEvent);
        this.publisher = new Thread(this::publish, "panel-sse-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Before the stream starts, while a status can still be sent: the caller's channel (403), the
     * media type (406), and a place (503). The place is taken here; {@link #open}, which Javalin
     * always runs next, owns it from then on.
     */
    void before(Context ctx) {
        String channel = ctx.queryParam("channel");
        if (channel != null && !PanelApi.user(ctx).canSee(channel)) {
            PanelApi.json(ctx, 403, PanelApi.error("not your channel"));
            ctx.skipRemainingHandlers();
        } else if (ctx.header("Accept") == null || !ctx.header("Accept").contains("text/event-stream")) {
            PanelApi.json(ctx, 406, PanelApi.error("accepts only text/event-stream"));
            ctx.skipRemainingHandlers();
        } else if (closed || !places.tryAcquire()) {
            ctx.header("Retry-After", "10");
            PanelApi.json(ctx, 503, PanelApi.error("too many open streams; try again later"));
            ctx.skipRemainingHandlers();
        } else {
            ctx.attribute(PLACE, Boolean.TRUE);
        }
    }

    /** Registers a client; the publisher sends its backlog at once. */
    void open(SseClient client) {
        Context ctx = client.ctx();
        Subscriber s = new Subscriber(client, PanelApi.user(ctx), ctx.queryParam("channel"), ctx.attribute(PanelAuth.TOKEN),
                lastEventId(ctx));
        if (!Boolean.TRUE.equals(ctx.attribute(PLACE))) {
            // Only reachable if a route bypassed before(): never stream without a place.
            s.holdsPlace.set(false);
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(s::leave);
        // Written before the client is registered: from then on the publisher is its only writer.
        try {
            ctx.res().getOutputStream().write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            ctx.res().flushBuffer();
        } catch (IOException e) {
            s.leave();
            client.close();
            return;
        }
        synchronized (clients) {
            if (closed) {
                s.leave();
                client.close();
                return;
            }
            clients.add(s);
        }
        wake.release();
    }

    private static long lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        String value = header != null ? header : ctx.queryParam("lastEventId");
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void publish() {
        long lastKeepAlive = System.nanoTime();
        while (!closed) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            boolean keepAlive = System.nanoTime() - lastKeepAlive > KEEP_ALIVE.toNanos();
            if (keepAlive) {
                lastKeepAlive = System.nanoTime();
            }
            try {
                deliver(keepAlive);
            } catch (RuntimeException e) {
                // One bad client must not stop the stream for the others; it is dropped below.
            }
        }
    }

    /**
     * Reads every event after the lowest cursor once, as one consistent snapshot, and hands each
     * client the ones after its own cursor. Cursors advance only over events of that snapshot, so
     * an event appended meanwhile is in the next one. Each event is encoded once, and each client
     * gets one write and one flush per round, not one per event.
     */
    private void deliver(boolean keepAlive) {
        if (clients.isEmpty()) {
            return;
        }
        long from = Long.MAX_VALUE;
        for (Subscriber s : clients) {
            from = Math.min(from, s.cursor);
        }
        List<HistoryStore.Event> batch;
        long first;
        synchronized (history) {
            batch = history.eventsAfter(from, e -> true);
            first = history.firstEventId();
        }
        byte[][] frames = new byte[batch.size()][];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Subscriber s : clients) {
            if (s.client.terminated() || !auth.live(s.token)) {
                drop(s);
                continue;
            }
            out.reset();
            boolean reset = s.cursor < first - 1;
            if (reset) {
                // The events right after this cursor are gone from the buffer: the page must reload.
                out.writeBytes(RESET);
            } else {
                for (int i = 0; i < frames.length; i++) {
                    HistoryStore.Event e = batch.get(i);
                    if (e.id() > s.cursor) {
                        if (s.shows(e)) {
                            if (frames[i] == null) {
                                frames[i] = ("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.json() + "\n\n")
                                        .getBytes(StandardCharsets.UTF_8);
                            }
                            out.writeBytes(frames[i]);
                        }
                        s.cursor = e.id();
                    }
                }
                if (out.size() == 0 && keepAlive) {
                    out.writeBytes(KEEP_ALIVE_COMMENT);
                }
            }
            if (out.size() > 0) {
                try {
                    // This thread is the only writer of open streams; a stuck reader blocks it at most the idle timeout.
                    // The servlet stream itself, as Javalin's own SSE emitter writes: ctx.outputStream() may buffer to compress.
                    s.client.ctx().res().getOutputStream().write(out.toByteArray());
                    s.client.ctx().res().flushBuffer();
                } catch (IOException | RuntimeException gone) {
                    drop(s);
                    continue;
                }
            }
            if (reset) {
                drop(s);
            }
        }
    }

    private void drop(Subscriber s) {
        s.leave();
        s.client.close();
    }

    @Override
    public void close() {
        closed = true;
        history.unsubscribe(onEvent);
        publisher.interrupt();
        synchronized (clients) {
            for (Subscriber s : List.copyOf(clients)) {
                s.leave();
                s.client.close();
            }
        }
    }
}
