package io.channelpulse.replay;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTierRecord;
import java.time.Instant;
import java.util.Comparator;

/** Replay's output files: their names, record types and the order they are sorted in. */
public enum ReplayOutput {
    /** {@code alerts.jsonl}, by eventTime, rule, alertId and status. */
    ALERTS("alerts", Alert.class),
    /** {@code kpis.jsonl}, by windowStart and channelId. */
    KPIS("kpis", ChannelKpi.class),
    /** {@code dead-letters.jsonl}, by eventTime (records without a readable time first), stream, line and reason. */
    DEAD_LETTERS("dead-letters", DeadLetter.class),
    /** {@code partner-tiers.jsonl}, by eventTime (the close), partnerId, then TIER before TIER_CHANGED. */
    PARTNER_TIERS("partner-tiers", PartnerTierRecord.class),
    /** {@code channel-economics.jsonl}, by eventTime (the close) and channelId. */
    CHANNEL_ECONOMICS("channel-economics", ChannelEconomics.class);

    static final Comparator<Alert> ALERT_ORDER = Comparator
            .comparing(Alert::eventTime)
            .thenComparing(Alert::rule)
            .thenComparing(Alert::alertId)
            .thenComparing(Alert::status);
    static final Comparator<ChannelKpi> KPI_ORDER = Comparator
            .comparing(ChannelKpi::windowStart)
            .thenComparing(ChannelKpi::channelId);
    static final Comparator<DeadLetter> DEAD_LETTER_ORDER = Comparator
            .comparing(DeadLetter::eventTime, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(DeadLetter::stream)
            .thenComparing(d -> d.line() == null ? -1L : d.line())
            .thenComparing(d -> d.reason());
    static final Comparator<PartnerTierRecord> TIER_ORDER = Comparator
            .comparing(PartnerTierRecord::eventTime)
            .thenComparing(PartnerTierRecord::partnerId)
            .thenComparing(PartnerTierRecord::kind, Comparator.comparing(k -> k.equals(PartnerTierRecord.TIER) ? 0 : 1));
    static final Comparator<ChannelEconomics> ECONOMICS_ORDER = Comparator
            .comparing(ChannelEconomics::eventTime)
            .thenComparing(ChannelEconomics::channelId);

    private final String stem;
    private final Class<?> type;

    ReplayOutput(String stem, Class<?> type) {
        this.stem = stem;
        this.type = type;
    }

    /** The file name without {@code .jsonl}. */
    String stem() {
        return stem;
    }

    public String fileName() {
        return stem + ".jsonl";
    }

    Class<?> type() {
        return type;
    }

    /** This output's order, for records of {@code recordType} (which must be its type). */
    @SuppressWarnings("unchecked")
    <T> Comparator<T> order(Class<T> recordType) {
        if (recordType != type) {
            throw new IllegalArgumentException(fileName() + " holds " + type.getSimpleName() + ", not " + recordType.getSimpleName());
        }
        return (Comparator<T>) switch (this) {
            case ALERTS -> ALERT_ORDER;
            case KPIS -> KPI_ORDER;
            case DEAD_LETTERS -> DEAD_LETTER_ORDER;
            case PARTNER_TIERS -> TIER_ORDER;
            case CHANNEL_ECONOMICS -> ECONOMICS_ORDER;
        };
    }
}
