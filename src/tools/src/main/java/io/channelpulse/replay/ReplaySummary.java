package io.channelpulse.replay;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.Rule;
import io.channelpulse.serde.EventStream;
import java.util.Map;
import java.util.TreeMap;

/** What a replay read and produced, per stream and per rule. */
public record ReplaySummary(
        Map<String, Long> read,
        Map<String, Long> deadLettered,
        Map<String, Long> late,
        Map<String, Long> deduplicated,
        Map<Rule, long[]> alertsByRule,
        long kpis) {

    /** Counts the outputs as the merge writes them, so nothing is held to summarize them. */
    static final class Tally {
        private final Map<String, Long> dead = new TreeMap<>();
        private final Map<String, Long> late = new TreeMap<>();
        private final Map<Rule, long[]> byRule = new TreeMap<>();
        private long kpis;

        Tally() {
            for (EventStream<?> stream : EventStream.ALL) {
                dead.put(stream.name(), 0L);
                late.put(stream.name(), 0L);
            }
            for (Rule rule : Rule.values()) {
                byRule.put(rule, new long[2]);
            }
        }

        void alert(Alert alert) {
            byRule.get(alert.rule())[alert.status() == AlertStatus.FIRING ? 0 : 1]++;
        }

        void deadLetter(DeadLetter letter) {
            dead.merge(letter.stream(), 1L, Long::sum);
            if (DeadLetter.LATE.equals(letter.reason())) {
                late.merge(letter.stream(), 1L, Long::sum);
            }
        }

        void kpi() {
            kpis++;
        }

        ReplaySummary summary(Map<String, Object> accumulators) {
            Map<String, Long> read = new TreeMap<>();
            Map<String, Long> dups = new TreeMap<>();
            for (EventStream<?> stream : EventStream.ALL) {
                read.put(stream.name(), counter(accumulators, "records-read." + stream.name()));
                dups.put(stream.name(), counter(accumulators, "duplicates." + stream.name()));
            }
            return new ReplaySummary(read, dead, late, dups, byRule, kpis);
        }
    }

    private static long counter(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number n ? n.longValue() : 0L;
    }

    /** A short table for the terminal. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-14s %10s %10s %8s %12s%n", "stream", "read", "dead", "late", "duplicates"));
        for (String stream : read.keySet()) {
            out.append(String.format("%-14s %10d %10d %8d %12d%n",
                    stream, read.get(stream), deadLettered.get(stream), late.get(stream), deduplicated.get(stream)));
        }
        out.append(String.format("%n%-26s %8s %9s%n", "rule", "firing", "resolved"));
        alertsByRule.forEach((rule, counts) ->
                out.append(String.format("%-26s %8d %9d%n", rule, counts[0], counts[1])));
        out.append(String.format("%nKPI records: %d%n", kpis));
        return out.toString();
    }
}
