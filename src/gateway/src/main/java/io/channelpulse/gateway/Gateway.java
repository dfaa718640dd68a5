package io.channelpulse.gateway;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.delivery.Delivery;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.gateway.panel.HistoryStore;
import io.channelpulse.gateway.panel.PanelServer;
import io.channelpulse.gateway.panel.PlanStore;
import io.channelpulse.config.PanelSettings;
import io.channelpulse.gateway.panel.Sessions;
import java.time.Clock;
import java.util.List;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The serving side of Channel Pulse: reads the job's committed alerts and KPIs and exposes them as
 * Prometheus metrics on a port of its own (separate from any user-facing port).
 */
public final class Gateway implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final OutputReader reader;
    private final MetricsEndpoint endpoint;
    private final AutoCloseable delivery;
    private final PanelServer panel;

    private Gateway(PrometheusMeterRegistry registry, OutputReader reader, MetricsEndpoint endpoint,
            AutoCloseable delivery, PanelServer panel) {
        this.registry = registry;
        this.reader = reader;
        this.endpoint = endpoint;
        this.delivery = delivery;
        this.panel = panel;
    }

    public static Gateway start(PulseConfig config, String host, int metricsPort) {
        return start(config, DeliverySettings.none(), host, metricsPort);
    }

    public static Gateway start(PulseConfig config, DeliverySettings delivery, String host, int metricsPort) {
        return start(config, delivery, PanelSettings.none(), host, metricsPort, -1);
    }

    /** As below, with the panel on the same address as the metrics. */
    public static Gateway start(PulseConfig config, DeliverySettings delivery, PanelSettings panelSettings,
            String host, int metricsPort, int panelPort) {
        return start(config, delivery, panelSettings, host, metricsPort, host, panelPort);
    }

    /**
     * Starts metrics on {@code host}, alert delivery when targets are configured, and the live panel
     * on {@code panelHost}:{@code panelPort} when the port is not negative (0 picks a free port).
     */
    public static Gateway start(PulseConfig config, DeliverySettings delivery, PanelSettings panelSettings,
            String host, int metricsPort, String panelHost, int panelPort) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        ChannelDirectory directory = new ChannelDirectory(config.gateway().maxChannels(), config.gateway().maxPartners()).bindTo(registry);
        GatewayMetrics metrics = new GatewayMetrics(registry, directory);
        ChannelPlanMetrics plan = new ChannelPlanMetrics(registry, directory);
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, host, metricsPort);
        HistoryStore history = history(config, panelSettings, directory);
        // The plan store before the history: the history wakes the panels' streams, and a page that
        // reloads its plan on a plan alert must find the alert there.
        PlanStore planStore = new PlanStore(config.gateway().maxChannels(), config.gateway().maxPartners(), 10_000, directory::contains);
        OutputReader reader = new OutputReader(config, directory, List.of(metrics, plan, planStore, history));
        FunctionCounter.builder("channelpulse.gateway.unreadable.records", reader, OutputReader::unreadable)
                .description("Records of the job's output and partner master data the gateway could not read and skipped")
                .register(registry);
        reader.start();
        PanelServer panel = panelPort < 0 ? null : new PanelServer(panelSettings, history, planStore,
                Sessions.of(panelSettings, Clock.systemUTC()), panelHost, panelPort);
        AutoCloseable dispatch = delivery.targets().isEmpty()
                ? () -> {}
                : Delivery.start(config, delivery, registry);
        return new Gateway(registry, reader, endpoint, dispatch, panel);
    }

    /**
     * The panel's history: windows of the channels partner master data names, as many as the
     * panel's history holds at the job's KPI window size ({@code kpi.window}), plus the one the
     * retention boundary cuts.
     */
    static HistoryStore history(PulseConfig config, PanelSettings panelSettings, ChannelDirectory directory) {
        long windows = Math.max(1, ceilDiv(panelSettings.history().toMillis(), config.kpiWindow().toMillis())) + 1;
        HistoryStore history = new HistoryStore(panelSettings.history(), (int) Math.min(windows, Integer.MAX_VALUE), 10_000, 50_000,
                config.gateway().maxChannels(), directory::contains);
        directory.subscribe((channelId, oldType, newType) -> {
            if (newType == null) {
                history.forget(channelId);
            }
        });
        return history;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The panel's port, or -1 when the panel is off. */
    public int panelPort() {
        return panel == null ? -1 : panel.port();
    }

    public int metricsPort() {
        return endpoint.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            delivery.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping alert delivery", e);
        }
        if (panel != null) {
            panel.close();
        }
        endpoint.close();
        reader.close();
        registry.close();
    }
}
