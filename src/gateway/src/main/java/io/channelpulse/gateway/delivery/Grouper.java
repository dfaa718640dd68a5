package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.model.Alert;
import io.channelpulse.model.Rule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Groups alerts per target by (rule, channelId): the first alert of a group opens a window, and
 * everything that arrives for the group until it closes goes out as one notification. A burst of
 * 200 below-guide SKUs at one dealer is one page, not 200.
 */
public final class Grouper {

    private record Key(String target, Rule rule, String channelId) {}

    private static final class Group {
        final Target target;
        final String channelType;
        final List<Alert> alerts = new ArrayList<>();
        final List<Runnable> acks = new ArrayList<>();

        Group(Target target, String channelType) {
            this.target = target;
            this.channelType = channelType;
        }
    }

    private final Map<Key, Group> open = new HashMap<>();
    private final long windowMillis;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final BiConsumer<Notification, Runnable> sink;

    /** @param sink receives each closed group and the action that acknowledges all its alerts */
    public Grouper(long windowMillis, ScheduledExecutorService scheduler, Clock clock, BiConsumer<Notification, Runnable> sink) {
        this.windowMillis = windowMillis;
        this.scheduler = scheduler;
        this.clock = clock;
        this.sink = sink;
    }

    /** Adds {@code alert} to its group for {@code target}; the group's channel type is its first alert's. */
    public synchronized void add(Target target, Alert alert, Runnable ack) {
        Key key = new Key(target.name(), alert.rule(), alert.channelId());
        Group group = open.get(key);
        if (group == null) {
            group = new Group(target, alert.channelType() == null ? null : alert.channelType().name());
            open.put(key, group);
            scheduler.schedule(() -> close(key), windowMillis, TimeUnit.MILLISECONDS);
        }
        group.alerts.add(alert);
        group.acks.add(ack);
    }

    private void close(Key key) {
        Group group;
        synchronized (this) {
            group = open.remove(key);
        }
        if (group != null) {
            List<Runnable> acks = List.copyOf(group.acks);
            sink.accept(new Notification(group.target, key.rule(), key.channelId(), group.channelType,
                    List.copyOf(group.alerts), clock.instant()), () -> acks.forEach(Runnable::run));
        }
    }
}
