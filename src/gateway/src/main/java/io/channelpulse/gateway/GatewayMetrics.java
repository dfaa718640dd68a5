package io.channelpulse.gateway;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Business metrics from the job's committed output, for Prometheus. Labels are bounded: channel,
 * channel_type, rule and severity, never sku, outlet, order or batch. Gauges show the last closed
 * window of each channel; counters accumulate every window, so rolling sums are
 * {@code increase(...[1h])} in PromQL.
 */
public final class GatewayMetrics implements OutputListener {

    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<String, ChannelGauges> channels = new ConcurrentHashMap<>();
    private final Map<String, Rule> openAlerts = new ConcurrentHashMap<>();
    private final Map<Rule, AtomicLong> openByRule = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Rule rule : Rule.values()) {
            AtomicLong open = new AtomicLong();
            openByRule.put(rule, open);
            Gauge.builder("channelpulse.alerts.open", open, AtomicLong::get)
                    .description("Alerts FIRING and not yet RESOLVED")
                    .tag("rule", rule.name())
                    .register(registry);
        }
    }

    /** Last-window values of one channel, read by its gauges. */
    private static final class ChannelGauges {
        volatile double revenue;
        volatile double units;
        volatile double compliance = Double.NaN;
        volatile double p50 = Double.NaN;
        volatile double p95 = Double.NaN;
        volatile double windowEnd;
    }

    private final Map<String, String> channelTypes = new ConcurrentHashMap<>();

    /** The channel's type as last seen in its KPIs, or null when not known yet. */
    public String channelTypeOf(String channelId) {
        return channelTypes.get(channelId);
    }

    @Override
    public void onKpi(ChannelKpi kpi) {
        if (kpi.channelType() != null) {
            channelTypes.put(kpi.channelId(), kpi.channelType().name());
        }
        String type = kpi.channelType() == null ? UNKNOWN : kpi.channelType().name();
        Tags tags = Tags.of("channel", kpi.channelId(), "channel_type", type);
        ChannelGauges g = channels.computeIfAbsent(kpi.channelId() + '\u001f' + type, k -> register(tags));
        double end = kpi.windowEnd().toEpochMilli() / 1000.0;
        if (end >= g.windowEnd) {
            g.windowEnd = end;
            g.revenue = kpi.revenue().doubleValue();
            g.units = kpi.unitsSold();
            if (kpi.priceComplianceRate() != null) {
                g.compliance = kpi.priceComplianceRate();
            }
            if (kpi.responseTimeP50Seconds() != null) {
                g.p50 = kpi.responseTimeP50Seconds();
                g.p95 = kpi.responseTimeP95Seconds();
            }
        }
        counter("channelpulse.kpi.revenue", "cny", "Revenue (quantity x unit price)", tags).increment(kpi.revenue().doubleValue());
        counter("channelpulse.kpi.units", null, "Units sold", tags).increment(kpi.unitsSold());
        counter("channelpulse.kpi.transactions", null, "POS lines", tags).increment(kpi.transactions());
        counter("channelpulse.kpi.price.checks", null, "Prices compared with a guide price", tags).increment(kpi.priceChecks());
        counter("channelpulse.kpi.below.guide", null, "Prices more than the threshold below guide", tags).increment(kpi.belowGuide());
        counter("channelpulse.kpi.orders.opened", null, "Orders created (the OpenMetrics _created suffix is reserved)", tags).increment(kpi.ordersCreated());
        counter("channelpulse.kpi.orders.answered", null, "Orders answered (first answer)", tags).increment(kpi.ordersAnswered());
        counter("channelpulse.kpi.sla.breaches", null, "Orders not answered within the SLA", tags).increment(kpi.slaBreaches());
        counter("channelpulse.kpi.stock.out.snapshots", null, "Inventory snapshots with nothing on hand", tags).increment(kpi.stockOutSnapshots());
        counter("channelpulse.kpi.diverted.sightings", null, "Sightings of diverted batches", tags).increment(kpi.divertedSightings());
        counter("channelpulse.kpi.windows", null, "KPI windows received", tags).increment();
    }

    private ChannelGauges register(Tags tags) {
        ChannelGauges g = new ChannelGauges();
        Gauge.builder("channelpulse.kpi.window.revenue", g, x -> x.revenue).baseUnit("cny")
                .description("Revenue in the channel's last closed KPI window").tags(tags).register(registry);
        Gauge.builder("channelpulse.kpi.window.units", g, x -> x.units)
                .description("Units sold in the channel's last closed KPI window").tags(tags).register(registry);
        Gauge.builder("channelpulse.kpi.price.compliance", g, x -> x.compliance).baseUnit("ratio")
                .description("Share of price checks within the threshold, last window with checks").tags(tags).register(registry);
        Gauge.builder("channelpulse.kpi.response.time.p50", g, x -> x.p50).baseUnit("seconds")
                .description("Median order response time, last window with answers").tags(tags).register(registry);
        Gauge.builder("channelpulse.kpi.response.time.p95", g, x -> x.p95).baseUnit("seconds")
                .description("95th percentile order response time, last window with answers").tags(tags).register(registry);
        Gauge.builder("channelpulse.kpi.window.end.timestamp", g, x -> x.windowEnd).baseUnit("seconds")
                .description("Event-time end of the channel's last KPI window").tags(tags).register(registry);
        return g;
    }

    private Counter counter(String name, String unit, String description, Tags tags) {
        return Counter.builder(name).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    @Override
    public void onAlert(Alert alert) {
        Tags tags = Tags.of("rule", alert.rule().name(), "severity", alert.severity().name(),
                "channel", alert.channelId() == null ? UNKNOWN : alert.channelId());
        if (alert.status() == AlertStatus.FIRING) {
            Counter.builder("channelpulse.alerts").description("Alerts fired").tags(tags).register(registry).increment();
            if (openAlerts.putIfAbsent(alert.alertId(), alert.rule()) == null) {
                openByRule.get(alert.rule()).incrementAndGet();
            }
        } else {
            Counter.builder("channelpulse.alerts.resolved").description("Alerts resolved").tags(tags).register(registry).increment();
            Rule rule = openAlerts.remove(alert.alertId());
            if (rule != null) {
                openByRule.get(rule).decrementAndGet();
            }
        }
    }
}
