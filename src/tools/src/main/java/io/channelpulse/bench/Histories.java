package io.channelpulse.bench;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import io.channelpulse.sim.Emission;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The simulated histories the replay rows read, generated once per set of parameters under the
 * work directory and reused by later runs (a directory counts only once its manifest is written).
 *
 * <p>The reference data set had 50 channels, 300 partners, 2,000 outlets and 5,000 SKUs with
 * 70% POS lines, 15% price checks, 10% order events and 5% inventory. The simulator makes two
 * partners per channel and one price check per outlet every two hours, and orders per partner, so
 * that mix and that world cannot both be had: this keeps the mix of the high-volume streams
 * (about 77% POS, 16% price checks, 6% inventory) with 52 channels, 104 partners, 8,840 outlets and
 * 5,000 SKUs; order events stay near 0.5%. Every run prints the actual counts per stream.
 *
 * <p>A large history is several three-day segments of the same world, one after the other (an hour
 * apart, so each segment's daily rhythm and thus its random draws differ), with ids made unique per
 * segment. Only one segment is in memory at a time.
 */
public final class Histories {

    /** Bumped whenever the generated data would change for the same parameters: old caches are ignored. */
    static final int GENERATOR_VERSION = 1;
    /** Events in one reference segment: the "2M" history. */
    public static final long REFERENCE_EVENTS = 2_000_000L;
    /** Segments of the large ("20M") history. */
    public static final int LARGE_SEGMENTS = 10;
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration SEGMENT = Duration.ofDays(3);
    static final String MANIFEST = "history.properties";

    /** The simulator's knobs for one segment, and how many segments. */
    public record Spec(String label, int channelsPerType, int outletsPerPartner, int skus,
            double salesPerOutletHour, int segments) {

        /** A history of about {@code events} events per segment: the reference world, shrunk below 2M. */
        public static Spec of(String label, long events, int segments) {
            double scale = (double) events / REFERENCE_EVENTS;
            if (scale >= 1) {
                return new Spec(label, 13, 85, 5_000, 3.8, segments);
            }
            int channelsPerType = (int) Math.max(1, Math.round(13 * scale));
            int outletsPerPartner = (int) Math.max(1, Math.round(85 * scale * 13 / channelsPerType));
            int skus = (int) Math.max(20, Math.round(5_000 * scale));
            return new Spec(label, channelsPerType, outletsPerPartner, skus, 3.8, segments);
        }

        String key() {
            return String.format("v%d-c%d-o%d-s%d-r%s-x%d", GENERATOR_VERSION, channelsPerType, outletsPerPartner, skus,
                    Double.toString(salesPerOutletHour), segments);
        }

        SimulatorSettings segment(int i) {
            PulseConfig config = PulseConfig.defaults();
            Instant start = START.plus(SEGMENT.plusHours(1).multipliedBy(i));
            return new SimulatorSettings(42L, start, SEGMENT, channelsPerType, outletsPerPartner, skus,
                    salesPerOutletHour, 0.01, 0.6, 0.05, 0.05, 0.03, 0.005, 0.02, 0.002,
                    SimulatorSettings.DEFAULT_SLA, SimulatorSettings.DEFAULT_ZONE)
                    .withBusiness(config.orderResponse().sla(), config.business().timeZone());
        }
    }

    /** A generated history: its directory, the lines per stream file, and how long generation took. */
    public record History(Spec spec, Path dir, Map<String, Long> linesPerStream, Duration generation) {

        public long records() {
            return linesPerStream.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Lines of the four event streams (without guide prices and partners). */
        public long events() {
            long events = 0;
            for (EventStream<?> stream : EventStream.ALL) {
                if (stream.isEventStream()) {
                    events += linesPerStream.getOrDefault(stream.name(), 0L);
                }
            }
            return events;
        }

        /** {@code pos-sales 1,552,000 (76.6%), ...}: the actual counts and the event mix. */
        public String describe() {
            StringBuilder out = new StringBuilder();
            long events = events();
            for (EventStream<?> stream : EventStream.ALL) {
                long n = linesPerStream.getOrDefault(stream.name(), 0L);
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(stream.name()).append(' ').append(String.format("%,d", n));
                if (stream.isEventStream() && events > 0) {
                    out.append(String.format(" (%.1f%%)", 100.0 * n / events));
                }
            }
            return out.toString();
        }
    }

    private final Path workDir;
    private final long events;
    private final PrintWriter log;
    private final Map<String, History> generated = new HashMap<>();

    /**
     * @param events events in the small history (and per segment of the large one);
     *     {@link #REFERENCE_EVENTS} for the sizes, less for quick tests
     */
    public Histories(Path workDir, long events, PrintWriter log) {
        this.workDir = workDir;
        this.events = events;
        this.log = log;
    }

    /** The "2M" history: one segment. */
    public History small() throws IOException {
        return get(Spec.of(smallLabel(), events, 1));
    }

    /** The "20M" history: {@value #LARGE_SEGMENTS} segments. */
    public History large() throws IOException {
        return get(Spec.of(largeLabel(), events, LARGE_SEGMENTS));
    }

    /** "2M" for the reference size. */
    public String smallLabel() {
        return label(events);
    }

    /** "20M" for the reference size. */
    public String largeLabel() {
        return label(events * LARGE_SEGMENTS);
    }

    static String label(long events) {
        return events % 1_000_000 == 0 ? events / 1_000_000 + "M" : events % 1_000 == 0 ? events / 1_000 + "k" : Long.toString(events);
    }

    synchronized History get(Spec spec) throws IOException {
        History known = generated.get(spec.key());
        if (known != null) {
            return known;
        }
        Path dir = workDir.resolve("history-" + spec.label() + "-" + spec.key());
        History history = Files.isRegularFile(dir.resolve(MANIFEST)) ? read(spec, dir) : generate(spec, dir);
        log.printf("History %s in %s: %s%n", spec.label(), dir, history.describe());
        log.flush();
        generated.put(spec.key(), history);
        return history;
    }

    private History generate(Spec spec, Path dir) throws IOException {
        log.printf("Generating the %s history (%d segment(s) of 3 days) into %s ...%n", spec.label(), spec.segments(), dir);
        log.flush();
        long started = System.nanoTime();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Map<String, BufferedWriter> writers = new HashMap<>();
        Map<String, Long> lines = new TreeMap<>();
        try {
            for (EventStream<?> stream : EventStream.ALL) {
                writers.put(stream.name(), Files.newBufferedWriter(dir.resolve(stream.name() + ".jsonl"), StandardCharsets.UTF_8));
                lines.put(stream.name(), 0L);
            }
            for (int i = 0; i < spec.segments(); i++) {
                Simulation sim = new Simulator(spec.segment(i)).run();
                for (Emission e : sim.emissions()) {
                    boolean reference = e.stream().equals(EventStream.GUIDE_PRICES.name()) || e.stream().equals(EventStream.PARTNERS.name());
                    if (i > 0 && reference) {
                        continue; // the same world: its reference data is already written
                    }
                    Writer w = writers.get(e.stream());
                    w.write(i == 0 ? e.payload() : uniqueIds(e.payload(), i));
                    w.write('\n');
                    lines.merge(e.stream(), 1L, Long::sum);
                }
                log.printf("  segment %d of %d: %,d records%n", i + 1, spec.segments(), sim.emissions().size());
                log.flush();
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Properties manifest = new Properties();
        lines.forEach((stream, n) -> manifest.setProperty("lines." + stream, Long.toString(n)));
        manifest.setProperty("generation-ms", Long.toString(took.toMillis()));
        manifest.setProperty("spec", spec.toString());
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            manifest.store(out, "Generated by channel-pulse bench; delete the directory to regenerate");
        }
        Files.move(tmp, dir.resolve(MANIFEST));
        log.printf("Generated %s in %.1f s%n", spec.label(), took.toMillis() / 1000.0);
        return new History(spec, dir, lines, took);
    }

    private static History read(Spec spec, Path dir) throws IOException {
        Properties manifest = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            manifest.load(in);
        }
        Map<String, Long> lines = new LinkedHashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            lines.put(stream.name(), Long.parseLong(manifest.getProperty("lines." + stream.name(), "0")));
        }
        return new History(spec, dir, lines, Duration.ofMillis(Long.parseLong(manifest.getProperty("generation-ms", "0"))));
    }

    /** Event ids, malformed ids, order ids and batch codes restart in every segment: prefix them. */
    static String uniqueIds(String payload, int segment) {
        return payload
                .replace("\"E-", "\"E" + segment + "-")
                .replace("\"BAD-", "\"BAD" + segment + "-")
                .replace("\"ORD-", "\"ORD" + segment + "-")
                .replace("\"B-", "\"B" + segment + "-");
    }
}
