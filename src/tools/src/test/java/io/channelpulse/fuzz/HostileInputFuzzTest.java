package io.channelpulse.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.InputBounds;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.fuzz.HostileRecords.Hostile;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.replay.Replay;
import io.channelpulse.replay.ReplayInputs;
import io.channelpulse.replay.ReplaySummary;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import io.channelpulse.sim.Emission;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the whole job with hostile mutations of valid records ({@link HostileRecords}) on all seven
 * streams, on the replay path and on the live Kafka path. Every hostile line must become exactly one
 * dead letter with a contract reason (never {@code internal}) and a bounded payload, the job must
 * finish (replay) or keep running without a restart (live), and the clean records must give exactly
 * the alerts, KPIs, dead letters and counts of a run without the hostile lines. Live adds what only
 * Kafka can carry (empty values, tombstones, a partition of nothing but garbage) and events from
 * the far future, which replay accepts but live must dead-letter as {@code future}.
 *
 * <p>The generators are seeded. A bigger campaign, or another one:
 * {@code mvn -o test -Dtest=HostileInputFuzzTest -Dfuzz.seed=7 -Dfuzz.lines=400} ({@code
 * fuzz.lines} hostile lines per stream on each path; the parser-only campaign runs ten times as
 * many). Every assertion message names the seed, so a failure can be replayed.
 */
class HostileInputFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_202L);
    static final int LINES = Integer.getInteger("fuzz.lines", 30);
    static final String RUN = "fuzz.seed=" + SEED + " fuzz.lines=" + LINES;

    static final Path LIVE = Path.of("src/test/resources/replay/live");
    static final List<Path> FIXTURES = List.of(Path.of("src/test/resources/replay/basic"),
            Path.of("src/test/resources/replay/out-of-order"), LIVE);
    static final Duration WAIT = Duration.ofSeconds(90);
    /** The reasons a data error may have; {@code internal} is a bug and {@code late} needs a valid record. */
    static final Set<String> CONTRACT_REASONS = Set.of(DeadLetter.INVALID_JSON, DeadLetter.MISSING_FIELD,
            DeadLetter.WRONG_TYPE, DeadLetter.CONSTRAINT, DeadLetter.OUT_OF_RANGE);
    static final InputBounds BOUNDS = InputBounds.defaults();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    /** Half a simulated day: every rule fires, and it has duplicates, late and malformed lines of its own. */
    static synchronized Simulation simulation() {
        if (simulation == null) {
            simulation = new Simulator(SimulatorSettings.defaults(Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(12))
                    .withSeed(SEED)).run();
        }
        return simulation;
    }

    private static Simulation simulation;

    // ---------------------------------------------------------------- the parser alone

    @Test
    void everyHostileLineIsRejectedWithAContractReasonAndABoundedDeadLetter() {
        Map<EventStream<?>, List<String>> bases = new LinkedHashMap<>();
        for (Emission e : simulation().emissions()) {
            bases.computeIfAbsent(stream(e.stream()), s -> new ArrayList<>()).add(e.payload());
        }
        for (Path fixture : FIXTURES) {
            for (EventStream<?> stream : EventStream.ALL) {
                bases.computeIfAbsent(stream, s -> new ArrayList<>()).addAll(lines(ReplayInputs.fileOf(fixture, stream)));
            }
        }
        HostileRecords generator = new HostileRecords(SEED);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (EventStream<?> stream : EventStream.ALL) {
            for (Hostile hostile : generator.generate(stream, valid(stream, bases.get(stream)), LINES * 10)) {
                RecordOrigin origin = RecordOrigin.kafka(stream.name(), stream.name(), 0, checked++);
                Instant notAfter = Instant.now().plus(BOUNDS.maxFutureSkew());
                for (Instant clock : new Instant[] {null, notAfter}) {
                    Parsed<?> parsed = stream.parse(hostile.text(), origin, BOUNDS, clock);
                    String problem = parsed.isOk() ? "accepted" : problemWith(parsed.deadLetter(), hostile);
                    if (problem != null) {
                        failures.add(hostile + " (" + (clock == null ? "replay" : "live") + "): " + problem);
                    }
                }
                if (!HostileRecords.noLineBreak(hostile.bytes()) || hostile.text().isBlank()) {
                    failures.add(hostile + ": not exactly one non-blank line");
                }
            }
        }
        assertThat(failures).as(RUN + ": hostile lines not rejected as the contract says").isEmpty();
        assertThat(checked).isEqualTo(EventStream.ALL.size() * LINES * 10);
    }

    // ---------------------------------------------------------------- replay

    @Test
    void replayWithHostileLinesGivesTheCleanResultsPlusOneDeadLetterPerHostileLine(@TempDir Path dir) throws Exception {
        Path clean = dir.resolve("clean");
        Path mixed = dir.resolve("mixed");
        SimulationWriter.toDirectory(simulation(), clean);
        withCleanCosts(clean);
        Files.createDirectories(mixed);
        HostileRecords generator = new HostileRecords(SEED);
        Random placement = new Random(SEED);
        Map<String, Layout> layouts = new HashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            List<String> lines = lines(ReplayInputs.fileOf(clean, stream));
            List<Hostile> hostile = generator.generate(stream, valid(stream, lines), LINES);
            layouts.put(stream.name(), Layout.write(ReplayInputs.fileOf(mixed, stream), lines, hostile, placement));
        }

        Replay.Result expected = replay(clean, dir.resolve("out-clean"));
        Replay.Result actual = replay(mixed, dir.resolve("out-mixed"));

        assertThat(expected.alerts()).as(RUN).hasSizeGreaterThan(10);
        assertThat(actual.deadLetters()).as(RUN + ": internal errors")
                .noneMatch(d -> DeadLetter.INTERNAL.equals(d.reason()));
        assertThat(actual.alerts()).as(RUN + ": alerts").isEqualTo(expected.alerts());
        assertThat(actual.kpis()).as(RUN + ": KPIs").isEqualTo(expected.kpis());

        // Dead letters: the clean run's, at their new line numbers, plus one per hostile line.
        Map<String, List<DeadLetter>> atHostileLines = new HashMap<>();
        List<DeadLetter> others = new ArrayList<>();
        for (DeadLetter d : actual.deadLetters()) {
            Layout layout = d.line() == null ? null : layouts.get(d.stream());
            if (layout != null && layout.hostileAt().containsKey(d.line())) {
                atHostileLines.computeIfAbsent(d.stream() + ":" + d.line(), k -> new ArrayList<>()).add(d);
            } else {
                others.add(d);
            }
        }
        List<DeadLetter> expectedOthers = expected.deadLetters().stream()
                .map(d -> d.line() == null ? d : atLine(d, layouts.get(d.stream()).cleanLineAt()[(int) (d.line() - 1)]))
                .toList();
        assertThat(others).as(RUN + ": dead letters of the clean lines").containsExactlyInAnyOrderElementsOf(expectedOthers);
        List<String> failures = new ArrayList<>();
        layouts.forEach((stream, layout) -> layout.hostileAt().forEach((line, hostile) -> {
            List<DeadLetter> letters = atHostileLines.getOrDefault(stream + ":" + line, List.of());
            String problem = letters.size() != 1 ? letters.size() + " dead letters"
                    : letters.get(0).file().equals(stream + ".jsonl") ? problemWith(letters.get(0), hostile) : "wrong file";
            if (problem != null) {
                failures.add(hostile + " at line " + line + ": " + problem);
            }
        }));
        assertThat(failures).as(RUN + ": hostile lines").isEmpty();

        // Counts: read = admitted + dead-lettered + duplicates, and only the dead letters grew.
        ReplaySummary before = expected.summary();
        ReplaySummary after = actual.summary();
        for (EventStream<?> stream : EventStream.ALL) {
            String name = stream.name();
            Layout layout = layouts.get(name);
            long hostile = layout.hostileAt().size();
            assertThat(after.read().get(name)).as(RUN + ": %s read", name).isEqualTo(layout.nonBlankLines())
                    .isEqualTo(before.read().get(name) + hostile);
            assertThat(after.deadLettered().get(name)).as(RUN + ": %s dead-lettered", name)
                    .isEqualTo(before.deadLettered().get(name) + hostile);
            assertThat(after.deduplicated().get(name)).as(RUN + ": %s duplicates", name).isEqualTo(before.deduplicated().get(name));
            assertThat(after.late().get(name)).as(RUN + ": %s late", name).isEqualTo(before.late().get(name));
            assertThat(admitted(after, name)).as(RUN + ": %s admitted", name).isEqualTo(admitted(before, name)).isPositive();
        }
        // Admitted counts checked independently, through the KPIs that count admitted records.
        assertThat(actual.kpis().stream().mapToLong(ChannelKpi::transactions).sum())
                .as(RUN + ": transactions = admitted sales").isEqualTo(admitted(after, "pos-sales"));
        assertThat(actual.kpis().stream().mapToLong(k -> k.priceChecks() + k.uncheckedPrices()).sum())
                .as(RUN + ": price observations = admitted prices and sales")
                .isEqualTo(admitted(after, "prices") + admitted(after, "pos-sales"));
    }

    /**
     * Clean channel costs inside the simulation's half day, for as long as the simulator writes none
     * of its own: every stream needs clean lines to mutate and to count as admitted.
     */
    static void withCleanCosts(Path dir) throws Exception {
        Path file = ReplayInputs.fileOf(dir, EventStream.CHANNEL_COSTS);
        if (!valid(EventStream.CHANNEL_COSTS, lines(file)).isEmpty()) {
            return;
        }
        Files.write(file, List.of(
                "{\"eventId\":\"fuzz-c-1\",\"eventTime\":\"2026-11-01T01:00:00Z\",\"period\":\"2026-10\","
                        + "\"channelId\":\"CH-X\",\"partnerId\":\"P-X\",\"category\":\"MARKETING\",\"amount\":2500.75}",
                "{\"eventId\":\"fuzz-c-2\",\"eventTime\":\"2026-11-01T02:00:00Z\",\"period\":\"2026-11\","
                        + "\"channelId\":\"CH-X\",\"outletId\":\"O-X\",\"category\":\"RENT\",\"amount\":9000,\"currency\":\"CNY\"}",
                "{\"eventId\":\"fuzz-c-3\",\"eventTime\":\"2026-11-01T03:00:00Z\",\"period\":\"2026-10\","
                        + "\"channelId\":\"CH-X\",\"partnerId\":\"P-X\",\"category\":\"REBATE\",\"amount\":-120.5}"), UTF_8);
    }

    static long admitted(ReplaySummary summary, String stream) {
        return summary.read().get(stream) - summary.deadLettered().get(stream) - summary.deduplicated().get(stream);
    }

    /** A replay input file of clean lines in their order with hostile lines between them, and where each went. */
    record Layout(long[] cleanLineAt, Map<Long, Hostile> hostileAt, long nonBlankLines) {

        static Layout write(Path file, List<String> clean, List<Hostile> hostile, Random placement) throws Exception {
            List<Boolean> isHostile = new ArrayList<>(Collections.nCopies(clean.size(), false));
            isHostile.addAll(Collections.nCopies(hostile.size(), true));
            Collections.shuffle(isHostile, placement);
            long[] cleanLineAt = new long[clean.size()];
            Map<Long, Hostile> hostileAt = new HashMap<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c = 0;
            int h = 0;
            long nonBlank = 0;
            for (int i = 0; i < isHostile.size(); i++) {
                long line = i + 1;
                byte[] bytes;
                if (isHostile.get(i)) {
                    Hostile next = hostile.get(h++);
                    hostileAt.put(line, next);
                    bytes = next.bytes();
                    nonBlank++;
                } else {
                    String next = clean.get(c);
                    cleanLineAt[c++] = line;
                    bytes = next.getBytes(UTF_8);
                    nonBlank += next.isBlank() ? 0 : 1;
                }
                out.writeBytes(bytes);
                out.write('\n');
            }
            Files.write(file, out.toByteArray());
            return new Layout(cleanLineAt, hostileAt, nonBlank);
        }
    }

    static DeadLetter atLine(DeadLetter d, long line) {
        return new DeadLetter(d.stream(), d.topic(), d.partition(), d.offset(), d.file(), line, d.reason(), d.field(),
                d.message(), d.eventTime(), d.payload(), d.payloadBytes(), d.payloadSha256());
    }

    static Replay.Result replay(Path input, Path output) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.setParallelism(2);
        return new Replay(PulseConfig.defaults(), 2).run(env, input, output);
    }

    // ---------------------------------------------------------------- live, through Kafka

    @Test
    void liveJobDeadLettersEachHostileRecordOnceAndCommitsTheCleanResultsWithoutRestarting(@TempDir Path dir)
            throws Exception {
        Replay.Result expected = replay(LIVE, dir.resolve("replay"));
        List<ChannelKpi> closedWindows = expected.kpis().stream().filter(k -> !k.windowEnd().isAfter(LIVE_WATERMARK)).toList();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "fuzz");
            kafka.createTopics(KafkaTestSupport.allTopics(config), 2);
            // Different mutations from the replay path's, placed among the fixture's lines (the
            // ticks that move event time past every deadline come last, once the job runs).
            HostileRecords generator = new HostileRecords(~SEED);
            Random placement = new Random(~SEED);
            Map<String, Hostile> hostileAt = new HashMap<>();
            Set<String> malformedAt = new java.util.HashSet<>();
            List<String> ticks = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                for (EventStream<?> stream : EventStream.ALL) {
                    String topic = config.topics().input(stream);
                    List<String> lines = lines(ReplayInputs.fileOf(LIVE, stream));
                    lines.stream().filter(l -> l.contains("-tick\"")).forEach(l -> ticks.add(topic + "\n" + l));
                    List<String> clean = lines.stream().filter(l -> !l.contains("-tick\"")).toList();
                    List<Object> records = new ArrayList<>(clean);
                    List<String> valid = valid(stream, clean);
                    records.addAll(generator.generate(stream, valid, LINES));
                    // Kafka-only hostility: an empty value, a tombstone, events from the far future.
                    records.add(new Hostile(stream, new byte[0], "empty value"));
                    records.add(new Hostile(stream, null, "", "null value (tombstone)"));
                    for (int i = 0; stream.isEventStream() && i < 1 + LINES / 10; i++) {
                        records.add(generator.future(stream, valid.get(placement.nextInt(valid.size()))));
                    }
                    Collections.shuffle(records, placement);
                    // Clean lines keep their relative order: shuffle only decides where hostile ones go.
                    var cleanInOrder = clean.iterator();
                    for (int i = 0; i < records.size(); i++) {
                        if (records.get(i) instanceof String) {
                            records.set(i, cleanInOrder.next());
                        }
                    }
                    // Clean lines all go to partition 0; hostile ones to either, so one partition
                    // holds nothing but garbage and must still not stall event time.
                    List<Future<RecordMetadata>> sent = new ArrayList<>();
                    for (Object record : records) {
                        sent.add(record instanceof Hostile h
                                ? producer.send(new ProducerRecord<>(topic, placement.nextInt(2), null, h.bytes()))
                                : producer.send(new ProducerRecord<>(topic, 0, null, ((String) record).getBytes(UTF_8))));
                    }
                    for (int i = 0; i < records.size(); i++) {
                        Object record = records.get(i);
                        RecordMetadata metadata = sent.get(i).get();
                        String at = topic + "/" + metadata.partition() + "/" + metadata.offset();
                        if (record instanceof Hostile h) {
                            hostileAt.put(at, h);
                        } else if (!stream.parse((String) record, RecordOrigin.kafka(stream.name(), topic, 0, metadata.offset())).isOk()) {
                            malformedAt.add(at);
                        }
                    }
                }
            }
            assertThat(malformedAt).as("the fixture's own malformed lines").hasSize(EventStream.ALL.size());

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // any task failure fails the job
            env.configure(noRestarts);
            LiveJob.wire(env, config);
            JobClient job = env.executeAsync("fuzz-live");
            try {
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                    for (String tick : ticks) {
                        String[] topicAndLine = tick.split("\n", 2);
                        producer.send(new ProducerRecord<>(topicAndLine[0], 0, null, topicAndLine[1].getBytes(UTF_8))).get();
                    }
                }
                int deadLetters = malformedAt.size() + hostileAt.size();
                await(kafka, job, config.topics().deadLetters(), r -> r.size() >= deadLetters);
                await(kafka, job, config.topics().alerts(), r -> r.size() >= expected.alerts().size());
                await(kafka, job, config.topics().kpis(), r -> r.size() >= closedWindows.size());
                // A few more checkpoints' worth of commits, so anything extra would show too.
                Thread.sleep(1_500);
                List<ConsumerRecord<String, String>> dead = readToEnd(kafka, config.topics().deadLetters());
                List<ConsumerRecord<String, String>> alerts = readToEnd(kafka, config.topics().alerts());
                List<ConsumerRecord<String, String>> kpis = readToEnd(kafka, config.topics().kpis());
                assertThat(job.getJobStatus().get()).as(RUN + ": job status; " + failure(job)).isEqualTo(JobStatus.RUNNING);

                assertThat(values(alerts, Alert.class)).map(a -> a.withEmittedAt(Instant.EPOCH)).as(RUN + ": alerts")
                        .containsExactlyInAnyOrderElementsOf(expected.alerts().stream().map(a -> a.withEmittedAt(Instant.EPOCH)).toList());
                assertThat(values(kpis, ChannelKpi.class)).as(RUN + ": closed KPI windows")
                        .containsExactlyInAnyOrderElementsOf(closedWindows);
                assertThat(dead).allSatisfy(r -> assertThat(r.value().getBytes(UTF_8).length).isLessThan(1_000_000));
                Map<String, List<DeadLetter>> byOrigin = new HashMap<>();
                for (DeadLetter d : values(dead, DeadLetter.class)) {
                    byOrigin.computeIfAbsent(d.topic() + "/" + d.partition() + "/" + d.offset(), k -> new ArrayList<>()).add(d);
                }
                assertThat(byOrigin.keySet()).as(RUN + ": where the dead letters came from")
                        .containsExactlyInAnyOrderElementsOf(union(hostileAt.keySet(), malformedAt));
                List<String> failures = new ArrayList<>();
                byOrigin.forEach((at, letters) -> {
                    Hostile hostile = hostileAt.get(at);
                    String problem = letters.size() != 1 ? letters.size() + " dead letters"
                            : hostile != null ? problemWith(letters.get(0), hostile)
                            : DeadLetter.INVALID_JSON.equals(letters.get(0).reason()) ? null : letters.get(0).reason();
                    if (problem != null) {
                        failures.add((hostile == null ? "fixture line" : hostile.toString()) + " at " + at + ": " + problem);
                    }
                });
                assertThat(failures).as(RUN + ": dead letters").isEmpty();
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Live event time once the ticks (12:00) are read: closed windows end at or before it. */
    static final Instant LIVE_WATERMARK = Instant.parse("2026-11-30T12:00:00Z")
            .minus(PulseConfig.defaults().outOfOrderness()).minusMillis(1);

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("max.in.flight.requests.per.connection", "1");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads committed output until {@code done}, failing at once (with the cause) if the job stops. */
    static void await(EmbeddedKafka kafka, JobClient job, String topic, Predicate<List<ConsumerRecord<String, String>>> done)
            throws Exception {
        List<ConsumerRecord<String, String>> read = KafkaTestSupport.readCommitted(kafka, topic, WAIT,
                r -> done.test(r) || job.getJobStatus().join().isGloballyTerminalState());
        assertThat(job.getJobStatus().get()).as(RUN + ": job status; " + failure(job)).isEqualTo(JobStatus.RUNNING);
        assertThat(done.test(read)).as(RUN + ": enough records on " + topic + " within " + WAIT + ", got " + read.size()).isTrue();
    }

    /** Everything committed to {@code topic} so far: read until each partition's last stable offset. */
    static List<ConsumerRecord<String, String>> readToEnd(EmbeddedKafka kafka, String topic) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(WAIT);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(Instant.now()).as("reading %s to its end", topic).isBefore(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    static String failure(JobClient job) {
        if (!job.getJobStatus().join().isGloballyTerminalState()) {
            return "no failure";
        }
        try {
            job.getJobExecutionResult().get();
            return "finished";
        } catch (InterruptedException | ExecutionException e) {
            return "failed: " + org.apache.flink.util.ExceptionUtils.stringifyException(e);
        }
    }

    static <T> List<T> values(List<ConsumerRecord<String, String>> records, Class<T> type) {
        return records.stream().map(r -> {
            try {
                return Json.mapper().readValue(r.value(), type);
            } catch (Exception e) {
                throw new AssertionError("unreadable " + type.getSimpleName() + ": " + r.value(), e);
            }
        }).toList();
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * What is wrong with the dead letter of a hostile line, or null: a contract reason, the right
     * stream, and the payload kept whole up to 16 KiB of UTF-8, cut beyond that with the original's
     * size and SHA-256, in a dead letter well under Kafka's 1 MB record limit.
     */
    static String problemWith(DeadLetter dead, Hostile hostile) {
        Set<String> reasons = hostile.mutation().startsWith("future") ? Set.of(DeadLetter.FUTURE) : CONTRACT_REASONS;
        if (!reasons.contains(dead.reason())) {
            return "reason " + dead.reason() + ": " + dead.message();
        }
        if (!hostile.stream().name().equals(dead.stream())) {
            return "stream " + dead.stream();
        }
        String text = hostile.text();
        byte[] original = text.getBytes(UTF_8);
        int max = BOUNDS.maxDeadLetterPayload();
        if (dead.payload().getBytes(UTF_8).length > max) {
            return "payload of " + dead.payload().getBytes(UTF_8).length + " bytes";
        }
        if (original.length <= max
                ? !text.equals(dead.payload()) || dead.truncated()
                : !text.startsWith(dead.payload()) || dead.payloadBytes() != original.length
                        || !sha256(original).equals(dead.payloadSha256())) {
            return "payload not kept as the contract says";
        }
        try {
            int size = Json.mapper().writeValueAsBytes(dead).length;
            return size < 1_000_000 ? null : "dead letter of " + size + " bytes";
        } catch (Exception e) {
            return "dead letter not writable: " + e;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> valid(EventStream<?> stream, List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank() && stream.parse(l, RecordOrigin.file(stream.name(), "f", 1)).isOk()).toList();
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, UTF_8)) : new ArrayList<>();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static EventStream<?> stream(String name) {
        return EventStream.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
