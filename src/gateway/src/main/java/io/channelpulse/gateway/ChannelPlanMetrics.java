package io.channelpulse.gateway;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The channel plan's metrics, from the {@code partner-tiers} and {@code channel-economics} topics and
 * the economics alerts: per channel, how many partners hold each published tier at the latest close,
 * the latest closed month's revenue, cost and shares, and the open economics alerts. As in
 * {@link GatewayMetrics}, only channels (and, for tiers, partners) that partner master data names
 * get series, so labels stay within {@code gateway.max-channels}; open alerts of other channels are
 * added up under {@code channel="other"}. Written by the output reader's thread; scraped from any.
 */
public final class ChannelPlanMetrics implements OutputListener, ChannelDirectory.Listener {

    private static final List<Rule> ECONOMICS_RULES = java.util.Arrays.stream(Rule.values()).filter(Rule::isEconomics).toList();

    /** One channel's plan series; values live here so a type change moves them to the new label. */
    private final class Series {
        final String channelId;
        String type;
        /** The latest close seen in the partner-tiers table, and each partner's published tier at it. */
        String tierPeriod;
        final Map<String, PartnerTier> tiers = new HashMap<>();
        final Map<PartnerTier, AtomicLong> tierCounts = new EnumMap<>(PartnerTier.class);
        final Map<PartnerTier, DoubleAdder> tierChanges = new EnumMap<>(PartnerTier.class);
        /** The latest closed month of channel-economics. */
        volatile ChannelEconomics month;
        final Map<Rule, AtomicLong> open = new EnumMap<>(Rule.class);
        boolean tiersSeen;
        boolean monthSeen;
        boolean alertsSeen;
        final List<Meter> meters = new ArrayList<>();

        Series(String channelId, String type) {
            this.channelId = channelId;
            this.type = type;
            for (PartnerTier t : PartnerTier.values()) {
                tierCounts.put(t, new AtomicLong());
                tierChanges.put(t, new DoubleAdder());
            }
            ECONOMICS_RULES.forEach(r -> open.put(r, new AtomicLong()));
        }

        void register() {
            Tags tags = Tags.of("channel", channelId, "channel_type", type);
            if (tiersSeen) {
                for (PartnerTier t : PartnerTier.values()) {
                    meters.add(Gauge.builder("channelpulse.partner.tier.partners", tierCounts.get(t), AtomicLong::get)
                            .description("Partners of the channel by published tier at the latest close of a business month")
                            .tags(tags).tag("tier", t.name()).register(registry));
                    meters.add(FunctionCounter.builder("channelpulse.partner.tier.changes", tierChanges.get(t), DoubleAdder::sum)
                            .description("Published tier changes of the channel's partners, by the tier changed to")
                            .tags(tags).tag("tier", t.name()).register(registry));
                }
            }
            if (monthSeen) {
                month("channelpulse.economics.revenue", "cny", "Revenue of the channel's latest closed business month", m -> m.revenue());
                month("channelpulse.economics.cost", "cny", "Costs (all categories) of the channel's latest closed business month", m -> m.cost());
                month("channelpulse.economics.sales.share", "ratio", "Channel revenue / all channels' revenue, latest closed month", m -> m.salesShare());
                month("channelpulse.economics.cost.share", "ratio", "Channel costs / all channels' costs, latest closed month", m -> m.costShare());
                meters.add(Gauge.builder("channelpulse.economics.inefficient", this, s -> s.month == null ? Double.NaN : s.month.inefficient() ? 1 : 0)
                        .description("1 when INEFFICIENT_CHANNEL holds for the channel's latest closed month").tags(tags).register(registry));
                meters.add(Gauge.builder("channelpulse.economics.close.timestamp", this,
                                s -> s.month == null ? Double.NaN : s.month.eventTime().toEpochMilli() / 1000.0)
                        .baseUnit("seconds").description("Close instant of the channel's latest closed business month").tags(tags).register(registry));
            }
            if (alertsSeen || monthSeen) {
                for (Rule r : ECONOMICS_RULES) {
                    meters.add(Gauge.builder("channelpulse.economics.alerts.open", open.get(r), AtomicLong::get)
                            .description("Economics alerts of the channel FIRING and not yet RESOLVED (by alertId)")
                            .tags(tags).tag("rule", r.name()).register(registry));
                }
            }
        }

        private void month(String name, String unit, String description, java.util.function.Function<ChannelEconomics, BigDecimal> value) {
            meters.add(Gauge.builder(name, this, s -> {
                ChannelEconomics m = s.month;
                BigDecimal v = m == null ? null : value.apply(m);
                return v == null ? Double.NaN : v.doubleValue();
            }).baseUnit(unit).description(description).tags(Tags.of("channel", channelId, "channel_type", type)).register(registry));
        }

        void reregister() {
            unregister();
            register();
        }

        void unregister() {
            meters.forEach(registry::remove);
            meters.clear();
        }

        void tier(PartnerTierRecord r) {
            if (tierPeriod != null && r.period().compareTo(tierPeriod) < 0) {
                return; // an older close read late
            }
            if (PartnerTierRecord.TIER_CHANGED.equals(r.kind())) {
                if (r.toTier() != null) {
                    tierChanges.get(r.toTier()).add(1);
                }
            } else if (PartnerTierRecord.TIER.equals(r.kind()) && r.publishedTier() != null) {
                if (!r.period().equals(tierPeriod)) {
                    // a new close: its table replaces the last one, partner by partner as it is read
                    tierPeriod = r.period();
                    tiers.clear();
                    tierCounts.values().forEach(c -> c.set(0));
                }
                PartnerTier before = tiers.put(r.partnerId(), r.publishedTier());
                if (before != null) {
                    tierCounts.get(before).decrementAndGet();
                }
                tierCounts.get(r.publishedTier()).incrementAndGet();
            } else {
                return;
            }
            if (!tiersSeen) {
                tiersSeen = true;
                reregister();
            }
        }

        void month(ChannelEconomics m) {
            ChannelEconomics last = month;
            if (last == null || m.period().compareTo(last.period()) >= 0) {
                month = m;
            }
            if (!monthSeen) {
                monthSeen = true;
                reregister();
            }
        }

        /** Open-alert gauges appear with the first economics alert or the first month, whichever is first. */
        void alertsSeen() {
            if (!alertsSeen) {
                alertsSeen = true;
                if (!monthSeen) {
                    reregister();
                }
            }
        }
    }

    private record OpenAlert(String channelKey, Rule rule) {}

    private final MeterRegistry registry;
    private final ChannelDirectory directory;
    private final Map<String, Series> channels = new ConcurrentHashMap<>();
    private final Series other;
    private final Map<String, OpenAlert> openAlerts = new ConcurrentHashMap<>();
    private final Counter unknownTiers;
    private final Counter unknownMonths;

    public ChannelPlanMetrics(MeterRegistry registry, ChannelDirectory directory) {
        this.registry = registry;
        this.directory = directory;
        this.other = new Series(GatewayMetrics.OTHER_CHANNEL, GatewayMetrics.UNKNOWN);
        String help = "KPIs and alerts of channels that partner master data does not name, added up under channel=\"other\"";
        this.unknownTiers = Counter.builder("channelpulse.gateway.unknown.channel.records").tag("kind", "partner-tier")
                .description(help).register(registry);
        this.unknownMonths = Counter.builder("channelpulse.gateway.unknown.channel.records").tag("kind", "channel-economics")
                .description(help).register(registry);
        directory.subscribe(this);
    }

    /** How many channels have plan series of their own (at most {@code gateway.max-channels}). */
    public int channelsWithSeries() {
        return channels.size();
    }

    /** Partners held in the latest tier tables (at most {@code gateway.max-partners}); for tests, from the reader's thread. */
    int partnersTracked() {
        return channels.values().stream().mapToInt(s -> s.tiers.size()).sum();
    }

    private Series seriesOf(String channelId) {
        ChannelType type = directory.typeOf(channelId);
        if (type == null) {
            return null;
        }
        Series s = channels.computeIfAbsent(channelId, id -> new Series(id, type.name()));
        if (!s.type.equals(type.name())) {
            s.type = type.name();
            s.reregister();
        }
        return s;
    }

    @Override
    public void onChannelChanged(String channelId, ChannelType oldType, ChannelType newType) {
        Series s = channels.get(channelId);
        if (s == null) {
            return;
        }
        if (newType == null) {
            channels.remove(channelId);
            s.unregister();
        } else if (!s.type.equals(newType.name())) {
            s.type = newType.name();
            s.reregister();
        }
    }

    @Override
    public void onKpi(ChannelKpi kpi) {}

    @Override
    public void onPartnerTier(PartnerTierRecord r) {
        Series s = directory.knowsPartner(r.partnerId()) ? seriesOf(r.channelId()) : null;
        if (s == null) {
            unknownTiers.increment();
            return;
        }
        s.tier(r);
    }

    @Override
    public void onChannelEconomics(ChannelEconomics m) {
        Series s = seriesOf(m.channelId());
        if (s == null) {
            unknownMonths.increment();
            return;
        }
        s.month(m);
    }

    @Override
    public void onAlert(Alert alert) {
        if (alert.rule() == null || !alert.rule().isEconomics() || alert.alertId() == null) {
            return;
        }
        if (alert.status() == AlertStatus.FIRING) {
            Series s = seriesOf(alert.channelId());
            Series target = s == null ? other : s;
            if (openAlerts.putIfAbsent(alert.alertId(), new OpenAlert(target.channelId, alert.rule())) == null) {
                target.open.get(alert.rule()).incrementAndGet();
            }
            target.alertsSeen();
        } else {
            OpenAlert was = openAlerts.remove(alert.alertId());
            if (was != null) {
                Series s = was.channelKey().equals(other.channelId) ? other : channels.get(was.channelKey());
                if (s != null) {
                    s.open.get(was.rule()).decrementAndGet();
                }
            }
        }
    }
}
