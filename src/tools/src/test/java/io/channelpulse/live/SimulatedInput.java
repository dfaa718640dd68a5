package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import io.channelpulse.sim.Emission;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.World;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Input lines as the live job reads them from Kafka and as replay reads them from files: each line
 * goes to a fixed partition, so a live run's per-partition event time is reproducible. Ticks are
 * ordinary events on an outlet of their own, one per event topic and partition, that move live
 * event time forward so that windows and deadlines before them close live as they do in replay.
 */
final class SimulatedInput {

    static final int PARTITIONS = 2;
    static final String TICK_OUTLET = "O-TICK";

    /** One record: its stream, the partition it is produced to, its payload and when it is emitted. */
    record Line(String stream, int partition, String payload, Instant emitAt) {}

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]*)\"");

    private final World world;
    private final List<Line> lines;

    private SimulatedInput(World world, List<Line> lines) {
        this.world = world;
        this.lines = List.copyOf(lines);
    }

    /** The simulation's emissions in order, dealt round-robin to the partitions of each topic. */
    static SimulatedInput of(Simulation sim) {
        Map<String, Integer> next = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        for (Emission e : sim.emissions()) {
            int partition = next.merge(e.stream(), 1, Integer::sum) % PARTITIONS;
            lines.add(new Line(e.stream(), partition, e.payload(), Instant.ofEpochMilli(e.emitAt())));
        }
        return new SimulatedInput(sim.world(), lines);
    }

    /**
     * The same lines with each eventId replaced by a name-based UUID, the 36-character ids partner
     * systems typically send. Dedup state is keyed by eventId, so this is what its size is in
     * production; duplicates keep sharing one id.
     */
    SimulatedInput withUuidEventIds() {
        List<Line> out = new ArrayList<>(lines.size());
        for (Line line : lines) {
            Matcher m = EVENT_ID.matcher(line.payload());
            String payload = m.replaceFirst(r -> "\"eventId\":\""
                    + UUID.nameUUIDFromBytes(r.group(1).getBytes(StandardCharsets.UTF_8)) + "\"");
            out.add(new Line(line.stream(), line.partition(), payload, line.emitAt()));
        }
        return new SimulatedInput(world, out);
    }

    List<Line> lines() {
        return lines;
    }

    int size() {
        return lines.size();
    }

    /** The lines from {@code from} (inclusive) to {@code to} (exclusive), as input of their own. */
    SimulatedInput slice(int from, int to) {
        return new SimulatedInput(world, lines.subList(from, to));
    }

    SimulatedInput plus(SimulatedInput more) {
        List<Line> all = new ArrayList<>(lines);
        all.addAll(more.lines);
        return new SimulatedInput(world, all);
    }

    /** These lines plus one tick at {@code at} on every partition of every event topic. */
    SimulatedInput plusTicks(Instant at, String label) {
        List<Line> all = new ArrayList<>(lines);
        all.addAll(ticks(at, label).lines);
        return new SimulatedInput(world, all);
    }

    /**
     * These lines plus ticks at the time the last of them is emitted. Input produced in parts with
     * pauses needs them: a topic whose part ends earlier in event time goes idle during the pause,
     * event time moves on without it, and its next records would arrive late. With ticks every
     * topic ends the part at the same time, and no later record is behind it (records are emitted
     * at most 90 s after their event time, within the 2 min out-of-orderness).
     */
    SimulatedInput withTicksAtEnd(String label) {
        Instant last = lines.stream().map(Line::emitAt).max(Instant::compareTo).orElseThrow();
        return plusTicks(last, label);
    }

    /** Only the ticks: a sale, a price check at guide, a stock snapshot and a new order per partition. */
    SimulatedInput ticks(Instant at, String label) {
        World.Partner partner = world.partners().get(0);
        World.Sku sku = world.skus().get(0);
        List<Line> ticks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            String id = "tick-" + label + "-" + p;
            ObjectNode sale = outletEvent(id + "-sale", at, partner, sku, TICK_OUTLET);
            sale.put("quantity", 1);
            sale.put("unitPrice", sku.guidePrice());
            ticks.add(new Line(EventStream.POS_SALES.name(), p, sale.toString(), at));
            ticks.add(new Line(EventStream.PRICES.name(), p, priceCheck(id + "-price", at, sku.guidePrice(), TICK_OUTLET), at));
            ObjectNode stock = outletEvent(id + "-stock", at, partner, sku, TICK_OUTLET);
            stock.put("movement", "SNAPSHOT");
            stock.put("onHand", 10);
            ticks.add(new Line(EventStream.INVENTORY.name(), p, stock.toString(), at));
            ObjectNode order = Json.mapper().createObjectNode();
            order.put("eventId", id + "-order");
            order.put("eventTime", at.toString());
            order.put("orderId", "ORD-" + id);
            order.put("channelId", partner.channel().channelId());
            order.put("partnerId", partner.partnerId());
            order.put("status", "CREATED");
            ticks.add(new Line(EventStream.ORDERS.name(), p, order.toString(), at));
        }
        return new SimulatedInput(world, ticks);
    }

    /** A price check on {@code outlet} for the first SKU, {@code discount} below its guide price. */
    Line probePrice(String eventId, Instant at, String outlet, BigDecimal discount) {
        BigDecimal guide = world.skus().get(0).guidePrice();
        BigDecimal price = guide.multiply(BigDecimal.ONE.subtract(discount)).setScale(2, RoundingMode.HALF_UP);
        return new Line(EventStream.PRICES.name(), 0, priceCheck(eventId, at, price, outlet), at);
    }

    SimulatedInput plusLine(Line line) {
        List<Line> all = new ArrayList<>(lines);
        all.add(line);
        return new SimulatedInput(world, all);
    }

    private String priceCheck(String eventId, Instant at, BigDecimal price, String outlet) {
        ObjectNode check = outletEvent(eventId, at, world.partners().get(0), world.skus().get(0), outlet);
        check.put("price", price);
        check.put("source", "SHELF");
        return check.toString();
    }

    private static ObjectNode outletEvent(String eventId, Instant at, World.Partner partner, World.Sku sku, String outlet) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("eventId", eventId);
        n.put("eventTime", at.toString());
        n.put("channelId", partner.channel().channelId());
        n.put("partnerId", partner.partnerId());
        n.put("outletId", outlet);
        n.put("regionId", partner.regions().get(0));
        n.put("sku", sku.sku());
        return n;
    }

    /** Writes {@code dir/<stream>.jsonl} for replay, in line order. */
    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        try {
            for (EventStream<?> stream : EventStream.ALL) {
                writers.put(stream.name(), Files.newBufferedWriter(dir.resolve(stream.name() + ".jsonl"), StandardCharsets.UTF_8));
            }
            for (Line line : lines) {
                BufferedWriter w = writers.get(line.stream());
                w.write(line.payload());
                w.newLine();
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return dir;
    }

    /** Produces every line to its stream's topic and partition, in order, and waits for the acks. */
    void produce(EmbeddedKafka kafka, PulseConfig config) {
        Map<String, String> topics = new HashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            topics.put(stream.name(), config.topics().input(stream));
        }
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            for (Line line : lines) {
                producer.send(new ProducerRecord<>(topics.get(line.stream()), line.partition(), null, line.payload()));
            }
            producer.flush();
        }
    }
}
