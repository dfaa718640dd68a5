package io.channelpulse.bench;

import io.channelpulse.config.InputBounds;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import io.channelpulse.sim.Emission;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many records per second one thread parses, per stream: the lines the simulator writes (its
 * usual share of malformed ones included), each parsed through {@link EventStream#parse} exactly
 * as the Kafka schema and the replay reader call it. Not a test; run it before and after a change
 * to the parser (issue 11) and compare the numbers.
 *
 * <p>Two rates are printed: per second of wall time, and per second of this thread's CPU time. On
 * a shared machine the wall-clock rate swings with the other processes' load; the CPU-time rate
 * is the steadier one to compare (it still includes the parser's own GC pauses only in wall time).
 *
 * <p>Usage: {@code ParseThroughput [RECORDS_PER_STREAM] [ROUNDS]} (defaults 200000 and 6). The
 * first two rounds warm up; the best of the rest is printed per stream.
 */
public final class ParseThroughput {

    private ParseThroughput() {}

    public static void main(String[] args) {
        int perStream = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Map<EventStream<?>, List<String>> lines = realisticLines(perStream);
        InputBounds bounds = InputBounds.defaults();
        Instant notAfter = Instant.parse("2100-01-01T00:00:00Z");
        System.out.printf("parsing %,d records per stream, %d rounds (2 warm-up), one thread%n", perStream, rounds);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<EventStream<?>, Double> bestWall = new LinkedHashMap<>();
        Map<EventStream<?>, Double> bestCpu = new LinkedHashMap<>();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (var entry : lines.entrySet()) {
                EventStream<?> stream = entry.getKey();
                List<String> payloads = entry.getValue();
                RecordOrigin origin = RecordOrigin.kafka(stream.name(), stream.name(), 0, 0);
                long start = System.nanoTime();
                long startCpu = threads.getCurrentThreadCpuTime();
                for (String payload : payloads) {
                    Parsed<?> parsed = stream.parse(payload, origin, bounds, notAfter);
                    sink += parsed.isOk() ? 1 : 2;
                }
                double perSecond = payloads.size() / ((System.nanoTime() - start) / 1e9);
                double perCpuSecond = payloads.size() / ((threads.getCurrentThreadCpuTime() - startCpu) / 1e9);
                if (round >= 2) {
                    bestWall.merge(stream, perSecond, Math::max);
                    bestCpu.merge(stream, perCpuSecond, Math::max);
                }
            }
        }
        System.out.printf("%-13s %14s %18s%n", "stream", "records/s", "records/cpu-s");
        bestWall.forEach((stream, perSecond) -> System.out.printf("%-13s %,14.0f %,18.0f%n",
                stream.name(), perSecond, bestCpu.get(stream)));
        System.out.printf("(checksum %d)%n", sink);
    }

    /** The simulator's lines per stream, repeated until each stream has {@code perStream} of them. */
    private static Map<EventStream<?>, List<String>> realisticLines(int perStream) {
        Simulation sim = new Simulator(SimulatorSettings.defaults(Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(12))
                .withSeed(11L)).run();
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Emission e : sim.emissions()) {
            byName.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e.payload());
        }
        Map<EventStream<?>, List<String>> out = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            List<String> source = byName.getOrDefault(stream.name(), List.of());
            if (source.isEmpty() && stream == EventStream.CHANNEL_COSTS) {
                continue; // the simulator writes no costs until issue 12's simulator part lands
            }
            if (source.isEmpty()) {
                throw new IllegalStateException("the simulator wrote no " + stream + " lines");
            }
            List<String> repeated = new ArrayList<>(perStream);
            for (int i = 0; i < perStream; i++) {
                repeated.add(source.get(i % source.size()));
            }
            out.put(stream, repeated);
        }
        return out;
    }
}
