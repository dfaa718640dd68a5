package io.channelpulse.replay;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import java.time.Instant;
import java.util.Comparator;

/** Replay's three output files: their names, record types and the order they are sorted in. */
public enum ReplayOutput {
    /** {@code alerts.jsonl}, by eventTime, rule, alertId and status. */
    ALERTS("alerts", Alert.class),
    /** {@code kpis.jsonl}, by windowStart and channelId. */
    KPIS("kpis", ChannelKpi.class),
    /** {@code dead-letters.jsonl}, by eventTime (records without a readable time first), stream, line and reason. */
    DEAD_LETTERS("dead-letters", DeadLetter.class);

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
        };
    }
}
