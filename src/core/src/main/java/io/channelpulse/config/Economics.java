package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.channelpulse.model.ChannelType;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code economics:} section: the channel plan's rules on business months (issue 12). A month
 * closes when the watermark passes its end plus {@code closeGrace}, because costs are booked late;
 * at each close the job tiers partners, finds inefficient channels, loss-making direct stores and
 * partners with a low ROI. Every decimal is exact, and bounded here so no rule does arithmetic on
 * a value like {@code 1e-999999999}.
 */
public record Economics(Duration closeGrace, Tiering tiering, InefficientChannel inefficientChannel, Stores stores, Roi roi)
        implements Serializable {

    /** The longest grace after a month's end; beyond two months a close would lag the next one. */
    static final Duration MAX_CLOSE_GRACE = Duration.ofDays(60);
    /** Most decimal places of a share or threshold: far beyond any plan, far below a costly scale. */
    static final int MAX_SCALE = 18;

    public static Economics defaults() {
        return new Economics(Duration.ofDays(5), Tiering.defaults(), InefficientChannel.defaults(), Stores.defaults(),
                Roi.defaults());
    }

    @JsonCreator
    static Economics bind(
            @JsonProperty("close-grace") @JsonDeserialize(using = GraceDeserializer.class) Duration closeGrace,
            @JsonProperty("tiering") Tiering tiering,
            @JsonProperty("inefficient-channel") InefficientChannel inefficientChannel,
            @JsonProperty("stores") Stores stores,
            @JsonProperty("roi") Roi roi) {
        Economics d = defaults();
        if (closeGrace != null && closeGrace.compareTo(MAX_CLOSE_GRACE) > 0) {
            throw new ConfigException("close-grace",
                    "must be at most " + Durations.format(MAX_CLOSE_GRACE) + ", got " + closeGrace);
        }
        return new Economics(
                Require.orDefault(closeGrace, d.closeGrace()),
                Require.orDefault(tiering, d.tiering()),
                Require.orDefault(inefficientChannel, d.inefficientChannel()),
                Require.orDefault(stores, d.stores()),
                Require.orDefault(roi, d.roi()));
    }

    /**
     * Partner tiers by trailing revenue: rank ≤ ceil(coreShare × N) is CORE, rank ≤
     * ceil(qualityShare × N) is QUALITY (the shares are cumulative), the rest BASIC. A published
     * tier changes only after the same new tier was computed at {@code hysteresisMonths}
     * consecutive closes; revenue is summed over the last {@code windowMonths} closed months.
     */
    public record Tiering(BigDecimal coreShare, BigDecimal qualityShare, int hysteresisMonths, int windowMonths, Scope scope)
            implements Serializable {

        /** Who is ranked together: every partner, or the partners of each channel type. */
        public enum Scope {
            ALL("all"),
            CHANNEL_TYPE("channel-type");

            private final String key;

            Scope(String key) {
                this.key = key;
            }

            /** The value as the configuration file writes it. */
            public String key() {
                return key;
            }
        }

        public static Tiering defaults() {
            return new Tiering(new BigDecimal("0.20"), new BigDecimal("0.50"), 2, 12, Scope.ALL);
        }

        @JsonCreator
        static Tiering bind(
                @JsonProperty("core-share") BigDecimal coreShare,
                @JsonProperty("quality-share") BigDecimal qualityShare,
                @JsonProperty("hysteresis-months") Long hysteresisMonths,
                @JsonProperty("window-months") Long windowMonths,
                @JsonProperty("scope") String scope) {
            Tiering d = defaults();
            BigDecimal core = share("core-share", coreShare, d.coreShare());
            BigDecimal quality = share("quality-share", qualityShare, d.qualityShare());
            if (quality.compareTo(core) < 0) {
                throw new ConfigException("quality-share", "must be >= economics.tiering.core-share ("
                        + core.toPlainString() + "): the shares are cumulative, got " + quality.toPlainString());
            }
            return new Tiering(core, quality,
                    (int) Require.range("hysteresis-months", hysteresisMonths, d.hysteresisMonths(), 1, 24),
                    (int) Require.range("window-months", windowMonths, d.windowMonths(), 1, 36),
                    scope(scope, d.scope()));
        }

        private static Scope scope(String value, Scope fallback) {
            if (value == null) {
                return fallback;
            }
            for (Scope s : Scope.values()) {
                if (s.key().equals(value)) {
                    return s;
                }
            }
            throw new ConfigException("scope", "must be one of all, channel-type, got '" + value + "'");
        }

        /** A cumulative share of the ranked partners, in (0, 1]. */
        private static BigDecimal share(String key, BigDecimal value, BigDecimal fallback) {
            if (value == null) {
                return fallback;
            }
            boundedScale(key, value);
            if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
                throw new ConfigException(key, "must be > 0 and at most 1, got " + value);
            }
            return value;
        }
    }

    /** INEFFICIENT_CHANNEL fires when a channel's sales share is below one bound and its cost share above the other. */
    public record InefficientChannel(BigDecimal salesShareBelow, BigDecimal costShareAbove) implements Serializable {

        public static InefficientChannel defaults() {
            return new InefficientChannel(new BigDecimal("0.05"), new BigDecimal("0.10"));
        }

        @JsonCreator
        static InefficientChannel bind(
                @JsonProperty("sales-share-below") BigDecimal salesShareBelow,
                @JsonProperty("cost-share-above") BigDecimal costShareAbove) {
            InefficientChannel d = defaults();
            return new InefficientChannel(
                    fraction("sales-share-below", salesShareBelow, d.salesShareBelow()),
                    fraction("cost-share-above", costShareAbove, d.costShareAbove()));
        }

        /** A share from 0 to 1, both included (0 or 1 simply means the rule never fires). */
        private static BigDecimal fraction(String key, BigDecimal value, BigDecimal fallback) {
            if (value == null) {
                return fallback;
            }
            boundedScale(key, value);
            if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
                throw new ConfigException(key, "must be from 0 to 1, got " + value);
            }
            return value;
        }
    }

    /** STORE_CLOSURE_CANDIDATE fires after this many consecutive loss-making months of a direct store. */
    public record Stores(int lossStreakMonths) implements Serializable {

        public static Stores defaults() {
            return new Stores(6);
        }

        @JsonCreator
        static Stores bind(@JsonProperty("loss-streak-months") Long lossStreakMonths) {
            return new Stores((int) Require.range("loss-streak-months", lossStreakMonths, defaults().lossStreakMonths(), 1, 60));
        }
    }

    /** PARTNER_ROI_BELOW_ONE: partners of these channel types whose revenue ÷ costs over the last {@code months} is below threshold. */
    public record Roi(List<ChannelType> channelTypes, int months, BigDecimal threshold) implements Serializable {

        public Roi {
            channelTypes = List.copyOf(channelTypes);
        }

        public static Roi defaults() {
            return new Roi(List.of(ChannelType.SUPERMARKET), 3, new BigDecimal("1.0"));
        }

        @JsonCreator
        static Roi bind(
                @JsonProperty("channel-types") List<String> channelTypes,
                @JsonProperty("months") Long months,
                @JsonProperty("threshold") BigDecimal threshold) {
            Roi d = defaults();
            return new Roi(
                    channelTypes == null ? d.channelTypes() : channelTypes(channelTypes),
                    (int) Require.range("months", months, d.months(), 1, 36),
                    threshold == null ? d.threshold() : threshold(threshold));
        }

        private static List<ChannelType> channelTypes(List<String> names) {
            if (names.isEmpty()) {
                throw new ConfigException("channel-types", "must list at least one channel type, such as [SUPERMARKET]");
            }
            List<ChannelType> types = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String key = "channel-types[" + i + "]";
                ChannelType type = Arrays.stream(ChannelType.values()).filter(t -> t.name().equals(name)).findFirst()
                        .orElseThrow(() -> new ConfigException(key,
                                "must be one of " + Arrays.toString(ChannelType.values()) + ", got '" + name + "'"));
                if (types.contains(type)) {
                    throw new ConfigException(key, "repeats " + type);
                }
                types.add(type);
            }
            return types;
        }

        private static BigDecimal threshold(BigDecimal value) {
            boundedScale("threshold", value);
            if (value.signum() <= 0 || value.precision() - value.scale() > 15) {
                throw new ConfigException("threshold", "must be > 0 and below 10^15, got " + value);
            }
            return value;
        }
    }

    /** Rejects more than {@link #MAX_SCALE} decimal places; printed with toString, never in plain form. */
    private static void boundedScale(String key, BigDecimal value) {
        if (value.scale() > MAX_SCALE) {
            throw new ConfigException(key, "must have at most " + MAX_SCALE + " decimal places, got " + value);
        }
    }

    /** close-grace: a duration as everywhere in the file, except that zero is allowed. */
    static final class GraceDeserializer extends StdScalarDeserializer<Duration> {
        GraceDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new ConfigException("", "must be a duration such as 0s, 12h or 5d (a bare number has no unit)");
            }
            return Durations.parseNonNegative("", p.getText());
        }
    }
}
