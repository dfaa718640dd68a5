package io.channelpulse.gateway;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business metrics from the job's committed output, for Prometheus. Labels are bounded: channel,
 * channel_type, rule and severity, never sku, outlet, order or batch; and only channels named by
 * partner master data ({@link ChannelDirectory}) get series of their own, with the type master data
 * gives them, one series per channel. Everything of other channels is added up under
 * {@code channel="other"}. Gauges show the last closed window of each channel; counters accumulate
 * every window, so rolling sums are {@code increase(...[1h])} in PromQL.
 */
public final class GatewayMetrics implements OutputListener, ChannelDirectory.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    /** The channel label under which channels unknown to master data are added up. */
    public static final String OTHER_CHANNEL = "other";
    static final String UNKNOWN = "unknown";

    /** The per-channel KPI counters: name, base unit, description and the amount one KPI adds. */
    private enum KpiCounter {
        REVENUE("channelpulse.kpi.revenue", "cny", "Revenue (quantity x unit price)", k -> k.revenue().doubleValue()),
        UNITS("channelpulse.kpi.units", null, "Units sold", ChannelKpi::unitsSold),
        TRANSACTIONS("channelpulse.kpi.transactions", null, "POS lines", ChannelKpi::transactions),
        PRICE_CHECKS("channelpulse.kpi.price.checks", null, "Prices compared with a guide price", ChannelKpi::priceChecks),
        BELOW_GUIDE("channelpulse.kpi.below.guide", null, "Prices more than the threshold below guide", ChannelKpi::belowGuide),
        ORDERS_OPENED("channelpulse.kpi.orders.opened", null, "Orders created (the OpenMetrics _created suffix is reserved)", ChannelKpi::ordersCreated),
        ORDERS_ANSWERED("channelpulse.kpi.orders.answered", null, "Orders answered (first answer)", ChannelKpi::ordersAnswered),
        SLA_BREACHES("channelpulse.kpi.sla.breaches", null, "Orders not answered within the SLA", ChannelKpi::slaBreaches),
        STOCK_OUTS("channelpulse.kpi.stock.out.snapshots", null, "Inventory snapshots with nothing on hand", ChannelKpi::stockOutSnapshots),
        DIVERTED("channelpulse.kpi.diverted.sightings", null, "Sightings of diverted batches", ChannelKpi::divertedSightings),
        WINDOWS("channelpulse.kpi.windows", null, "KPI windows received", k -> 1);

        final String name;
        final String unit;
        final String description;
        final ToDoubleFunction<ChannelKpi> amount;

        KpiCounter(String name, String unit, String description, ToDoubleFunction<ChannelKpi> amount) {
            this.name = name;
            this.unit = unit;
            this.description = description;
            this.amount = amount;
        }
    }

    /**
     * One channel's series. Counters are function counters over adders held here, so when the
     * channel's type changes the series move to the new label with their totals, and the old
     * ones are removed from the registry rather than left frozen. KPI series appear with the
     * first KPI, so an alert alone does not make a never-updated (silent) window gauge.
     */
    private final class ChannelSeries {
        final String channelId;
        final boolean lastWindowGauges;
        String type;
        volatile double revenue;
        volatile double units;
        volatile double compliance = Double.NaN;
        volatile double p50 = Double.NaN;
        volatile double p95 = Double.NaN;
        volatile double windowEnd;
        final DoubleAdder[] totals = new DoubleAdder[KpiCounter.values().length];
        final List<Meter> kpiMeters = new ArrayList<>();
        final Map<String, Counter> alertCounters = new ConcurrentHashMap<>();
        boolean kpiSeen;

        ChannelSeries(String channelId, String type, boolean lastWindowGauges) {
            this.channelId = channelId;
            this.type = type;
            this.lastWindowGauges = lastWindowGauges;
            for (int i = 0; i < totals.length; i++) {
                totals[i] = new DoubleAdder();
            }
        }

        private void registerKpiMeters() {
            Tags tags = Tags.of("channel", channelId, "channel_type", type);
            for (KpiCounter c : KpiCounter.values()) {
                kpiMeters.add(FunctionCounter.builder(c.name, totals[c.ordinal()], DoubleAdder::sum)
                        .baseUnit(c.unit).description(c.description).tags(tags).register(registry));
            }
            if (!lastWindowGauges) {
                return; // an aggregate of many channels has no "last window"
            }
            kpiMeters.add(Gauge.builder("channelpulse.kpi.window.revenue", this, x -> x.revenue).baseUnit("cny")
                    .description("Revenue in the channel's last closed KPI window").tags(tags).register(registry));
            kpiMeters.add(Gauge.builder("channelpulse.kpi.window.units", this, x -> x.units)
                    .description("Units sold in the channel's last closed KPI window").tags(tags).register(registry));
            kpiMeters.add(Gauge.builder("channelpulse.kpi.price.compliance", this, x -> x.compliance).baseUnit("ratio")
                    .description("Share of price checks within the threshold, last window with checks").tags(tags).register(registry));
            kpiMeters.add(Gauge.builder("channelpulse.kpi.response.time.p50", this, x -> x.p50).baseUnit("seconds")
                    .description("Median order response time, last window with answers").tags(tags).register(registry));
            kpiMeters.add(Gauge.builder("channelpulse.kpi.response.time.p95", this, x -> x.p95).baseUnit("seconds")
                    .description("95th percentile order response time, last window with answers").tags(tags).register(registry));
            kpiMeters.add(Gauge.builder("channelpulse.kpi.window.end.timestamp", this, x -> x.windowEnd).baseUnit("seconds")
                    .description("Event-time end of the channel's last KPI window").tags(tags).register(registry));
        }

        void retype(String newType) {
            removeKpiMeters();
            type = newType;
            if (kpiSeen) {
                registerKpiMeters();
            }
        }

        void removeKpiMeters() {
            kpiMeters.forEach(registry::remove);
            kpiMeters.clear();
        }

        void removeAll() {
            removeKpiMeters();
            alertCounters.values().forEach(registry::remove);
            alertCounters.clear();
        }

        void add(ChannelKpi kpi) {
            if (!kpiSeen) {
                kpiSeen = true;
                registerKpiMeters();
            }
            for (KpiCounter c : KpiCounter.values()) {
                totals[c.ordinal()].add(c.amount.applyAsDouble(kpi));
            }
            double end = kpi.windowEnd().toEpochMilli() / 1000.0;
            if (lastWindowGauges && end >= windowEnd) {
                windowEnd = end;
                revenue = kpi.revenue().doubleValue();
                units = kpi.unitsSold();
                if (kpi.priceComplianceRate() != null) {
                    compliance = kpi.priceComplianceRate();
                }
                if (kpi.responseTimeP50Seconds() != null) {
                    p50 = kpi.responseTimeP50Seconds();
                    p95 = kpi.responseTimeP95Seconds();
                }
            }
        }

        void alert(Alert alert) {
            boolean firing = alert.status() == AlertStatus.FIRING;
            String key = (firing ? "F" : "R") + alert.rule() + '/' + alert.severity();
            alertCounters.computeIfAbsent(key, k -> Counter.builder(firing ? "channelpulse.alerts" : "channelpulse.alerts.resolved")
                    .description(firing ? "Alerts fired" : "Alerts resolved")
                    .tags("rule", alert.rule().name(), "severity", alert.severity().name(), "channel", channelId)
                    .register(registry)).increment();
        }
    }

    private final MeterRegistry registry;
    private final ChannelDirectory directory;
    private final Map<String, ChannelSeries> channels = new ConcurrentHashMap<>();
    private final ChannelSeries other;
    private final Counter unknownKpis;
    private final Counter unknownAlerts;
    private final FirstSightings loggedUnknown = new FirstSightings(10_000);
    private final Map<String, Rule> openAlerts = new ConcurrentHashMap<>();
    private final Map<Rule, AtomicLong> openByRule = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry, ChannelDirectory directory) {
        this.registry = registry;
        this.directory = directory;
        for (Rule rule : Rule.values()) {
            AtomicLong open = new AtomicLong();
            openByRule.put(rule, open);
            Gauge.builder("channelpulse.alerts.open", open, AtomicLong::get)
                    .description("Alerts FIRING and not yet RESOLVED")
                    .tag("rule", rule.name())
                    .register(registry);
        }
        this.other = new ChannelSeries(OTHER_CHANNEL, UNKNOWN, false);
        String unknownHelp = "KPIs and alerts of channels that partner master data does not name, added up under channel=\"other\"";
        this.unknownKpis = Counter.builder("channelpulse.gateway.unknown.channel.records").tag("kind", "kpi")
                .description(unknownHelp).register(registry);
        this.unknownAlerts = Counter.builder("channelpulse.gateway.unknown.channel.records").tag("kind", "alert")
                .description(unknownHelp).register(registry);
        directory.subscribe(this);
    }

    /** The channel's type from partner master data, or null when master data does not name it. */
    public String channelTypeOf(String channelId) {
        ChannelType type = directory.typeOf(channelId);
        return type == null ? null : type.name();
    }

    /** How many channels have series of their own (at most {@code gateway.max-channels}). */
    public int channelsWithSeries() {
        return channels.size();
    }

    @Override
    public void onChannelChanged(String channelId, ChannelType oldType, ChannelType newType) {
        ChannelSeries series = channels.get(channelId);
        if (series == null) {
            return; // series appear with the channel's first KPI or alert
        }
        if (newType == null) {
            channels.remove(channelId);
            series.removeAll();
        } else if (!series.type.equals(newType.name())) {
            series.retype(newType.name());
        }
    }

    /** The channel's own series, or null (after logging it once) when master data does not name it. */
    private ChannelSeries seriesOf(String channelId, Counter unknown) {
        ChannelType type = directory.typeOf(channelId);
        if (type == null) {
            unknown.increment();
            if (channelId != null && loggedUnknown.first(channelId)) {
                LOG.warn("Channel '{}' is not in partner master data: its KPIs and alerts are counted under channel=\"other\"",
                        channelId.length() > 256 ? channelId.substring(0, 256) + "…" : channelId);
            }
            return null;
        }
        ChannelSeries series = channels.computeIfAbsent(channelId, id -> new ChannelSeries(id, type.name(), true));
        if (!series.type.equals(type.name())) {
            series.retype(type.name()); // a type change the listener has not seen (registered before the directory)
        }
        return series;
    }

    @Override
    public void onKpi(ChannelKpi kpi) {
        ChannelSeries series = seriesOf(kpi.channelId(), unknownKpis);
        (series == null ? other : series).add(kpi);
    }

    @Override
    public void onAlert(Alert alert) {
        ChannelSeries series = seriesOf(alert.channelId(), unknownAlerts);
        (series == null ? other : series).alert(alert);
        if (alert.status() == AlertStatus.FIRING) {
            if (openAlerts.putIfAbsent(alert.alertId(), alert.rule()) == null) {
                openByRule.get(alert.rule()).incrementAndGet();
            }
        } else {
            Rule rule = openAlerts.remove(alert.alertId());
            if (rule != null) {
                openByRule.get(rule).decrementAndGet();
            }
        }
    }
}
