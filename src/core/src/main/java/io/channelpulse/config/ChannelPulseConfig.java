package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The whole configuration file, as {@link ConfigLoader} binds it: the job's settings, where alerts
 * are delivered, and who may use the panel. Each process takes the sections it needs; the file is
 * validated whole, before anything starts, so a typo in the panel stops the job too.
 */
public record ChannelPulseConfig(PulseConfig job, DeliverySettings delivery, PanelSettings panel) {

    public static ChannelPulseConfig defaults() {
        return new ChannelPulseConfig(PulseConfig.defaults(), DeliverySettings.none(), PanelSettings.none());
    }

    /** {@code rules:} as the file writes it. */
    record Rules(PulseConfig.PriceRule priceBelowGuide, PulseConfig.DiversionRule crossChannelDiversion,
            PulseConfig.SlaRule orderResponseSla) {}

    /** {@code kpi:} as the file writes it. */
    record Kpi(Duration window) {}

    /** {@code event-time:} as the file writes it. */
    record EventTime(Duration outOfOrderness, Duration idleTimeout) {}

    /** {@code dedup:} as the file writes it. */
    record Dedup(Duration horizon) {}

    /** The file's top level: a section the file leaves out keeps its defaults. */
    @JsonCreator
    static ChannelPulseConfig bind(
            @JsonProperty("topics") PulseConfig.Topics topics,
            @JsonProperty("rules") Rules rules,
            @JsonProperty("kpi") Kpi kpi,
            @JsonProperty("event-time") EventTime eventTime,
            @JsonProperty("dedup") Dedup dedup,
            @JsonProperty("kafka") KafkaSettings kafka,
            @JsonProperty("checkpoint") Checkpointing checkpoint,
            @JsonProperty("input") InputBounds input,
            @JsonProperty("business") Business business,
            @JsonProperty("gateway") PulseConfig.GatewayLimits gateway,
            @JsonProperty("economics") Economics economics,
            @JsonProperty("delivery") DeliverySettings delivery,
            @JsonProperty("panel") PanelSettings panel) {
        PulseConfig d = PulseConfig.defaults();
        Rules r = Require.orDefault(rules, new Rules(null, null, null));
        Kpi k = Require.orDefault(kpi, new Kpi(null));
        EventTime e = Require.orDefault(eventTime, new EventTime(null, null));
        Dedup dd = Require.orDefault(dedup, new Dedup(null));
        PulseConfig job = new PulseConfig(
                Require.orDefault(topics, d.topics()),
                Require.orDefault(r.priceBelowGuide(), d.priceBelowGuide()),
                Require.orDefault(r.crossChannelDiversion(), d.diversion()),
                Require.orDefault(r.orderResponseSla(), d.orderResponse()),
                Require.orDefault(k.window(), d.kpiWindow()),
                Require.orDefault(e.outOfOrderness(), d.outOfOrderness()),
                Require.orDefault(e.idleTimeout(), d.idleTimeout()),
                Require.orDefault(dd.horizon(), d.dedupHorizon()),
                Require.orDefault(kafka, d.kafka()),
                Require.orDefault(checkpoint, d.checkpoint()),
                Require.orDefault(input, d.input()),
                Require.orDefault(business, d.business()),
                Require.orDefault(gateway, d.gateway()),
                Require.orDefault(economics, d.economics()));
        return new ChannelPulseConfig(job,
                Require.orDefault(delivery, DeliverySettings.none()),
                // The panel's "today" rolls over in the business zone: one key, business.time-zone.
                Require.orDefault(panel, PanelSettings.none()).withBusinessZone(job.business().timeZone()));
    }
}
