package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.channelpulse.serde.EventStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the monitoring job, typed and validated. Build it with {@link #defaults()} and
 * the {@code with*} methods, or load it from YAML with {@link ConfigLoader} (the job's part of
 * {@link ChannelPulseConfig}). The nested records bind their YAML section through a creator that
 * keeps the default of every key the file leaves out.
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
        Business business,
        GatewayLimits gateway,
        Economics economics)
        implements Serializable {

    /** All settings but the business calendar and the gateway's limits, which keep their defaults. */
    public PulseConfig(Topics topics, PriceRule priceBelowGuide, DiversionRule diversion, SlaRule orderResponse,
            Duration kpiWindow, Duration outOfOrderness, Duration idleTimeout, Duration dedupHorizon,
            KafkaSettings kafka, Checkpointing checkpoint, InputBounds input) {
        this(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, outOfOrderness, idleTimeout,
                dedupHorizon, kafka, checkpoint, input, Business.defaults());
    }

    /** All settings but the gateway's limits, which keep their defaults. */
    public PulseConfig(Topics topics, PriceRule priceBelowGuide, DiversionRule diversion, SlaRule orderResponse,
            Duration kpiWindow, Duration outOfOrderness, Duration idleTimeout, Duration dedupHorizon,
            KafkaSettings kafka, Checkpointing checkpoint, InputBounds input, Business business) {
        this(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, outOfOrderness, idleTimeout,
                dedupHorizon, kafka, checkpoint, input, business, GatewayLimits.defaults());
    }

    /** All settings but the channel plan's economics, which keep their defaults. */
    public PulseConfig(Topics topics, PriceRule priceBelowGuide, DiversionRule diversion, SlaRule orderResponse,
            Duration kpiWindow, Duration outOfOrderness, Duration idleTimeout, Duration dedupHorizon,
            KafkaSettings kafka, Checkpointing checkpoint, InputBounds input, Business business, GatewayLimits gateway) {
        this(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, outOfOrderness, idleTimeout,
                dedupHorizon, kafka, checkpoint, input, business, gateway, Economics.defaults());
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

        @JsonCreator
        static GatewayLimits bind(@JsonProperty("max-channels") Long maxChannels,
                @JsonProperty("max-partners") Long maxPartners) {
            GatewayLimits d = defaults();
            return new GatewayLimits(
                    (int) Require.range("max-channels", maxChannels, d.maxChannels(), 1, 1_000_000),
                    (int) Require.range("max-partners", maxPartners, d.maxPartners(), 1, 10_000_000));
        }
    }

    /** Topic names: one per input stream plus the five outputs. */
    public record Topics(Map<String, String> inputs, String alerts, String kpis, String deadLetters, String partnerTiers,
            String channelEconomics)
            implements Serializable {

        /** The three outputs that predate the channel plan; the plan's outputs keep their default names. */
        public Topics(Map<String, String> inputs, String alerts, String kpis, String deadLetters) {
            this(inputs, alerts, kpis, deadLetters, "partner-tiers", "channel-economics");
        }

        public static Topics defaults() {
            Map<String, String> inputs = new LinkedHashMap<>();
            for (EventStream<?> stream : EventStream.ALL) {
                inputs.put(stream.name(), stream.name());
            }
            return new Topics(Map.copyOf(inputs), "alerts", "channel-kpis", "dead-letters", "partner-tiers", "channel-economics");
        }

        @JsonCreator
        static Topics bind(
                @JsonProperty("pos-sales") String posSales,
                @JsonProperty("prices") String prices,
                @JsonProperty("inventory") String inventory,
                @JsonProperty("orders") String orders,
                @JsonProperty("channel-costs") String channelCosts,
                @JsonProperty("guide-prices") String guidePrices,
                @JsonProperty("partners") String partners,
                @JsonProperty("alerts") String alerts,
                @JsonProperty("channel-kpis") String kpis,
                @JsonProperty("dead-letters") String deadLetters,
                @JsonProperty("partner-tiers") String partnerTiers,
                @JsonProperty("channel-economics") String channelEconomics) {
            Topics d = defaults();
            Map<String, String> given = new LinkedHashMap<>();
            given.put(EventStream.POS_SALES.name(), posSales);
            given.put(EventStream.PRICES.name(), prices);
            given.put(EventStream.INVENTORY.name(), inventory);
            given.put(EventStream.ORDERS.name(), orders);
            given.put(EventStream.CHANNEL_COSTS.name(), channelCosts);
            given.put(EventStream.GUIDE_PRICES.name(), guidePrices);
            given.put(EventStream.PARTNERS.name(), partners);
            Map<String, String> inputs = new LinkedHashMap<>();
            for (EventStream<?> stream : EventStream.ALL) {
                inputs.put(stream.name(), Require.text(stream.name(), given.get(stream.name()), d.input(stream)));
            }
            return new Topics(Map.copyOf(inputs),
                    Require.text("alerts", alerts, d.alerts()),
                    Require.text("channel-kpis", kpis, d.kpis()),
                    Require.text("dead-letters", deadLetters, d.deadLetters()),
                    Require.text("partner-tiers", partnerTiers, d.partnerTiers()),
                    Require.text("channel-economics", channelEconomics, d.channelEconomics()));
        }

        /** The output topics, for creating them: alerts, KPIs, dead letters, partner tiers and channel economics. */
        public List<String> outputs() {
            return List.of(alerts, kpis, deadLetters, partnerTiers, channelEconomics);
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
            implements Serializable {

        @JsonCreator
        static PriceRule bind(
                @JsonProperty("threshold") BigDecimal threshold,
                @JsonProperty("critical-threshold") BigDecimal criticalThreshold,
                @JsonProperty("episode-timeout") Duration episodeTimeout) {
            PriceRule d = defaults().priceBelowGuide();
            BigDecimal t = Require.fraction("threshold", threshold, d.threshold());
            BigDecimal c = Require.fraction("critical-threshold", criticalThreshold, d.criticalThreshold());
            if (c.compareTo(t) < 0) {
                throw new ConfigException("critical-threshold", "must be >= rules.price-below-guide.threshold (" + t.toPlainString() + ")");
            }
            return new PriceRule(t, c, Require.orDefault(episodeTimeout, d.episodeTimeout()));
        }
    }

    /** CROSS_CHANNEL_DIVERSION: sightings later than horizon after the allocation are ignored. */
    public record DiversionRule(Duration horizon) implements Serializable {

        @JsonCreator
        static DiversionRule bind(@JsonProperty("horizon") Duration horizon) {
            return new DiversionRule(Require.orDefault(horizon, defaults().diversion().horizon()));
        }
    }

    /** ORDER_RESPONSE_SLA: an order must be answered within sla; a breach stays resolvable for resolveHorizon after its deadline. */
    public record SlaRule(Duration sla, Duration resolveHorizon) implements Serializable {

        @JsonCreator
        static SlaRule bind(@JsonProperty("sla") Duration sla, @JsonProperty("resolve-horizon") Duration resolveHorizon) {
            SlaRule d = defaults().orderResponse();
            return new SlaRule(Require.orDefault(sla, d.sla()), Require.orDefault(resolveHorizon, d.resolveHorizon()));
        }
    }

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
                InputBounds.defaults(),
                Business.defaults(),
                GatewayLimits.defaults(),
                Economics.defaults());
    }

    public PulseConfig withEconomics(Economics e) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, business, gateway, e);
    }

    public PulseConfig withGateway(GatewayLimits g) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, business, g, economics);
    }

    public PulseConfig withKpiWindow(Duration window) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, window,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withOutOfOrderness(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow, d,
                idleTimeout, dedupHorizon, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withSla(Duration sla) {
        return new PulseConfig(topics, priceBelowGuide, diversion,
                new SlaRule(sla, orderResponse.resolveHorizon()), kpiWindow, outOfOrderness,
                idleTimeout, dedupHorizon, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withDedupHorizon(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, d, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withIdleTimeout(Duration d) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, d, dedupHorizon, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withKafka(KafkaSettings k) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, k, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withInput(InputBounds i) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, i, business, gateway, economics);
    }

    public PulseConfig withPriceRule(PriceRule rule) {
        return new PulseConfig(topics, rule, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, business, gateway, economics);
    }

    public PulseConfig withBusiness(Business b) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, checkpoint, input, b, gateway, economics);
    }

    public PulseConfig withCheckpoint(Checkpointing c) {
        return new PulseConfig(topics, priceBelowGuide, diversion, orderResponse, kpiWindow,
                outOfOrderness, idleTimeout, dedupHorizon, kafka, c, input, business, gateway, economics);
    }
}
