package io.channelpulse.gateway;

import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of partner master data (the {@code partners} topic): which channels exist and
 * their type. Only these channels get Prometheus series and panel history of their own, so a junk
 * channelId in input data cannot grow the gateway. Bounded by {@code gateway.max-channels} and
 * {@code gateway.max-partners}. Written by one thread (the output reader); read from any.
 */
public final class ChannelDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDirectory.class);
    /** The contract's bound on text fields; the job dead-letters longer ids, so they never reach a KPI. */
    private static final int MAX_ID_LENGTH = 256;

    /** A channel entered master data (oldType null), changed type, or left it (newType null). */
    @FunctionalInterface
    public interface Listener {
        void onChannelChanged(String channelId, ChannelType oldType, ChannelType newType);
    }

    /** Why a partner record was not applied. */
    public enum Outcome { APPLIED, INVALID, OVER_MAX_CHANNELS, OVER_MAX_PARTNERS }

    private record Membership(String channelId) {}

    /** A channel's type (from the latest partner record naming it) and how many partners name it. */
    private static final class Channel {
        volatile ChannelType type;
        int partners;

        Channel(ChannelType type) {
            this.type = type;
        }
    }

    private final int maxChannels;
    private final int maxPartners;
    private final Map<String, Membership> partners = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Outcome, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final FirstSightings warned = new FirstSightings(10_000);

    public ChannelDirectory(int maxChannels, int maxPartners) {
        if (maxChannels < 1 || maxPartners < 1) {
            throw new IllegalArgumentException("maxChannels and maxPartners must be positive");
        }
        this.maxChannels = maxChannels;
        this.maxPartners = maxPartners;
        for (Outcome o : Outcome.values()) {
            rejected.put(o, new AtomicLong());
        }
    }

    /** Registers the directory's own gauges and counters. */
    public ChannelDirectory bindTo(MeterRegistry registry) {
        Gauge.builder("channelpulse.gateway.channels", channels, Map::size)
                .description("Channels named by partner master data (each has series of its own)").register(registry);
        Gauge.builder("channelpulse.gateway.channels.max", () -> maxChannels)
                .description("gateway.max-channels: channels beyond it are counted as unknown").register(registry);
        Gauge.builder("channelpulse.gateway.partners", partners, Map::size)
                .description("Partner records held from master data").register(registry);
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.APPLIED) {
                AtomicLong count = rejected.get(o);
                FunctionCounter.builder("channelpulse.gateway.partner.records.rejected", count, AtomicLong::get)
                        .description("Partner records not applied: invalid, or over gateway.max-channels / max-partners")
                        .tag("reason", o.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .register(registry);
            }
        }
        return this;
    }

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    /** The channel's type from master data, or null when master data does not name it. */
    public ChannelType typeOf(String channelId) {
        Channel c = channelId == null ? null : channels.get(channelId);
        return c == null ? null : c.type;
    }

    /** Whether master data names this partner (so per-partner state stays within {@code gateway.max-partners}). */
    public boolean knowsPartner(String partnerId) {
        return partnerId != null && partners.containsKey(partnerId);
    }

    public boolean contains(String channelId) {
        return channelId != null && channels.containsKey(channelId);
    }

    public int channelCount() {
        return channels.size();
    }

    public int partnerCount() {
        return partners.size();
    }

    public long rejected(Outcome outcome) {
        return rejected.get(outcome).get();
    }

    /**
     * Applies one partner record: a later record for the same partnerId replaces the earlier one
     * (the contract's rule), so a partner can move a channel out of master data.
     */
    public Outcome apply(Partner p) {
        if (p == null || !validId(p.partnerId()) || !validId(p.channelId()) || p.channelType() == null) {
            return reject(Outcome.INVALID, p == null ? null : p.partnerId(), "partner record without a valid partnerId, channelId and channelType");
        }
        Membership previous = partners.get(p.partnerId());
        if (previous == null && partners.size() >= maxPartners) {
            return reject(Outcome.OVER_MAX_PARTNERS, p.partnerId(), "gateway.max-partners (" + maxPartners + ") reached");
        }
        Channel channel = channels.get(p.channelId());
        if (channel == null && channels.size() >= maxChannels) {
            return reject(Outcome.OVER_MAX_CHANNELS, p.channelId(), "gateway.max-channels (" + maxChannels + ") reached");
        }
        boolean moved = previous != null && !previous.channelId().equals(p.channelId());
        partners.put(p.partnerId(), new Membership(p.channelId()));
        if (channel == null) {
            channel = new Channel(p.channelType());
            channel.partners = 1;
            channels.put(p.channelId(), channel);
            notify(p.channelId(), null, p.channelType());
        } else {
            if (previous == null || moved) {
                channel.partners++;
            }
            ChannelType old = channel.type;
            if (old != p.channelType()) {
                channel.type = p.channelType();
                notify(p.channelId(), old, p.channelType());
            }
        }
        if (moved) {
            Channel left = channels.get(previous.channelId());
            if (left != null && --left.partners <= 0) {
                channels.remove(previous.channelId());
                notify(previous.channelId(), left.type, null);
            }
        }
        return Outcome.APPLIED;
    }

    private static boolean validId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
    }

    private Outcome reject(Outcome outcome, String key, String why) {
        rejected.get(outcome).incrementAndGet();
        if (warned.first(outcome + "/" + key)) {
            LOG.warn("Partner master data: ignoring a record for {}: {}", key, why);
        }
        return outcome;
    }

    private void notify(String channelId, ChannelType oldType, ChannelType newType) {
        for (Listener l : listeners) {
            l.onChannelChanged(channelId, oldType, newType);
        }
    }
}
