package io.channelpulse.replay;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.Rule;
import io.channelpulse.serde.EventStream;
import java.util.List;
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

    static ReplaySummary of(
            Map<String, Object> accumulators, List<Alert> alerts, List<DeadLetter> deadLetters, long kpis) {
        Map<String, Long> read = new TreeMap<>();
        Map<String, Long> dead = new TreeMap<>();
        Map<String, Long> late = new TreeMap<>();
        Map<String, Long> dups = new TreeMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            read.put(stream.name(), counter(accumulators, "records-read." + stream.name()));
            dups.put(stream.name(), counter(accumulators, "duplicates." + stream.name()));
            dead.put(stream.name(), 0L);
            late.put(stream.name(), 0L);
        }
        for (DeadLetter letter : deadLetters) {
            dead.merge(letter.stream(), 1L, Long::sum);
            if (DeadLetter.LATE.equals(letter.reason())) {
                late.merge(letter.stream(), 1L, Long::sum);
            }
        }
        Map<Rule, long[]> byRule = new TreeMap<>();
        for (Rule rule : Rule.values()) {
            byRule.put(rule, new long[2]);
        }
        for (Alert alert : alerts) {
            byRule.get(alert.rule())[alert.status() == AlertStatus.FIRING ? 0 : 1]++;
        }
        return new ReplaySummary(read, dead, late, dups, byRule, kpis);
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
