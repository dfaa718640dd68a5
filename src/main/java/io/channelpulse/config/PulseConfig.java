package io.channelpulse.config;

import io.channelpulse.serde.EventStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of the monitoring job, typed and validated. Build it with {@link #defaults()} and
 * the {@code with*} methods, or load it from YAML with {@link ConfigLoader}.
 */
public record PulseConfig(
        Topics topics,
        PriceRule priceBelowGuide,
        DiversionRule diversion,
        SlaRule orderResponse,
        Duration kpiWindow,
        Duration outOfOrderness,
        Duration idleTimeout,
        Duration dedupHorizon,
        KafkaSettings kafka,
        Checkpointing checkpoint,
        InputBounds input,
        GatewayLimits gateway)
        implements Serializable {

    /** The job's settings with the gateway's default limits. */
    public PulseConfig(Topics topics, PriceRule priceBelowGuide, DiversionRule diversion, SlaRule orderResponse,
            Duration kpiWindow, Duration outOfOrderness, Duration idleTimeout, Duration dedupHorizon,
            KafkaSettings kafka, Checkpointing checkpoint, InputBounds input) {
        this(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, outOfOrderness, idleTimeout,
                dedupHorizon, kafka, checkpoint, input, GatewayLimits.defaults());
    }

    /**
     * The {@code gateway:} section: how many channels (named by partner master data) get series of
     * their own, and how many partner records the gateway keeps, so bad master data cannot explode
     * the gateway's memory or Prometheus.
     */
    public record GatewayLimits(int maxChannels, int maxPartners) implements Serializable {

        public static GatewayLimits defaults() {
            return new GatewayLimits(10_000, 100_000);
        }
    }

    /** Topic names: one per input stream plus the three outputs. */
    public record Topics(Map<String, String> inputs, String alerts, String kpis, String deadLetters)
            implements Serializable {

        public static Topics defaults() {
            Map<String, String> inputs = new LinkedHashMap<>();
            for (EventStream<?> stream : EventStream.ALL) {
                inputs.put(stream.name(), stream.name());
            }
            return new Topics(Map.copyOf(inputs), "alerts", "channel-kpis", "dead-letters");
        }

        public String input(EventStream<?> stream) {
            return inputs.get(stream.name());
        }
    }

    /**
     * PRICE_BELOW_GUIDE: breach when price &lt; guide × (1 − threshold); CRITICAL when the discount
     * exceeds criticalThreshold. An episode with no observation for episodeTimeout (event time) is
     * resolved as timed out, so its state cannot live for ever.
     */
    public record PriceRule(BigDecimal threshold, BigDecimal criticalThreshold, Duration episodeTimeout)
            implements Serializable {}

    /** CROSS_CHANNEL_DIVERSION: sightings later than horizon after the allocation are ignored. */
    public record DiversionRule(Duration horizon) implements Serializable {}

    /** ORDER_RESPONSE_SLA: an order must be answered within sla; a breach stays resolvable for resolveHorizon after its deadline. */
    public record SlaRule(Duration sla, Duration resolveHorizon) implements Serializable {}

    public static PulseConfig defaults() {
        return new PulseConfig(
                Topics.defaults(),
                new PriceRule(new BigDecimal("0.05"), new BigDecimal("0.15"), Duration.ofDays(30)),
                new DiversionRule(Duration.ofDays(90)),
                new SlaRule(Duration.ofHours(24), Duration.ofDays(30)),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                KafkaSettings.defaults(),
                Checkpointing.defaults(),
                InputBounds.defaults());
    }

    public PulseConfig withKpiWindow(Duration window) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, window,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withOutOfOrderness(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, d,
                idleTimeout, dedupHorizon, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withSla(Duration sla) {
        return new PulseConfig(topics, priceBelowGuide, diversion,
                new SlaRule(sla, orderResponse.resolveHorizon()), kpiWindow, outOfOrderness,
                idleTimeout, dedupHorizon, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withDedupHorizon(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, d, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withIdleTimeout(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, d, dedupHorizon, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withKafka(KafkaSettings k) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, k, checkpoint, input, gateway);
    }

    public PulseConfig withInput(InputBounds i) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, i, gateway);
    }

    public PulseConfig withPriceRule(PriceRule rule) {
        return new PulseConfig(topics, rule, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, gateway);
    }

    public PulseConfig withGateway(GatewayLimits g) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, g);
    }

    public PulseConfig withCheckpoint(Checkpointing c) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, c, input, gateway);
    }
}
