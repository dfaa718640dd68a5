package io.channelpulse.gateway;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.delivery.Delivery;
import io.channelpulse.gateway.delivery.DeliverySettings;
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

    private Gateway(PrometheusMeterRegistry registry, OutputReader reader, MetricsEndpoint endpoint, AutoCloseable delivery) {
        this.registry = registry;
        this.reader = reader;
        this.endpoint = endpoint;
        this.delivery = delivery;
    }

    public static Gateway start(PulseConfig config, String host, int metricsPort) {
        return start(config, DeliverySettings.none(), host, metricsPort);
    }

    /** Starts metrics and, when targets are configured, alert delivery. */
    public static Gateway start(PulseConfig config, DeliverySettings delivery, String host, int metricsPort) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, host, metricsPort);
        OutputReader reader = new OutputReader(config, metrics).start();
        AutoCloseable dispatch = delivery.targets().isEmpty()
                ? () -> {}
                : Delivery.start(config, delivery, registry, metrics::channelTypeOf);
        return new Gateway(registry, reader, endpoint, dispatch);
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
        endpoint.close();
        reader.close();
        registry.close();
    }
}
