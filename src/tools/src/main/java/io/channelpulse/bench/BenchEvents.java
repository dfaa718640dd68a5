package io.channelpulse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small fixed world for the live rows and a producer of its events in the job's input format:
 * {@value #CHANNELS} channels with one partner each (region {@code R-<channel>}), {@value #SKUS}
 * SKUs with a guide price of {@value #GUIDE}, outlets named freely per call. Event ids are unique
 * per instance, so no event is dropped as a duplicate unless a caller repeats one.
 */
final class BenchEvents implements AutoCloseable {

    static final int CHANNELS = 4;
    static final int SKUS = 100;
    static final String GUIDE = "100.00";
    /** Below the guide by 20%: fires PRICE_BELOW_GUIDE (threshold 5%). */
    static final BigDecimal BELOW_GUIDE = new BigDecimal("80.00");
    static final BigDecimal AT_GUIDE = new BigDecimal(GUIDE);

    private final KafkaProducer<String, String> producer;
    private final PulseConfig config;
    private final String idPrefix;
    private long ids;

    BenchEvents(PulseConfig config, String idPrefix) {
        this.config = config;
        this.idPrefix = idPrefix;
        Properties props = config.kafka().clientProperties();
        props.setProperty("acks", "all");
        props.setProperty("enable.idempotence", "true");
        props.setProperty("linger.ms", "1");
        // One batch in flight: a batch retried right after topic creation (NOT_LEADER) can then
        // never leave a later batch's sequence number ahead of it (OutOfOrderSequenceException).
        props.setProperty("max.in.flight.requests.per.connection", "1");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static String channel(int i) {
        return "BC-" + (i % CHANNELS);
    }

    static String partner(int i) {
        return "BP-" + (i % CHANNELS);
    }

    static String region(int i) {
        return "R-" + (i % CHANNELS);
    }

    static String sku(int i) {
        return String.format("BS-%03d", i % SKUS);
    }

    /** Partners and guide prices (in force from {@code guideFrom}), flushed. */
    void referenceData(Instant guideFrom) {
        for (int c = 0; c < CHANNELS; c++) {
            ObjectNode p = Json.mapper().createObjectNode();
            p.put("partnerId", partner(c));
            p.put("channelId", channel(c));
            p.put("channelType", c % 2 == 0 ? "DEALER" : "ONLINE");
            p.putPOJO("authorizedRegions", List.of(region(c)));
            p.put("tier", "CORE");
            p.put("name", "Bench partner " + c);
            send(EventStream.PARTNERS, p);
        }
        for (int s = 0; s < SKUS; s++) {
            ObjectNode g = Json.mapper().createObjectNode();
            g.put("sku", sku(s));
            g.put("guidePrice", AT_GUIDE);
            g.put("effectiveFrom", guideFrom.toString());
            send(EventStream.GUIDE_PRICES, g);
        }
        flush();
    }

    private ObjectNode base(Instant at, int channel, String outlet, String sku) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("eventId", nextId());
        n.put("eventTime", at.toString());
        n.put("channelId", channel(channel));
        n.put("partnerId", partner(channel));
        n.put("outletId", outlet);
        n.put("regionId", region(channel));
        n.put("sku", sku);
        return n;
    }

    String nextId() {
        return idPrefix + (++ids);
    }

    void sale(Instant at, int channel, String outlet, String sku, BigDecimal unitPrice) {
        ObjectNode s = base(at, channel, outlet, sku);
        s.put("quantity", 1);
        s.put("unitPrice", unitPrice);
        send(EventStream.POS_SALES, s);
    }

    /** A price check; returns its eventId (the evidence of the alert it may fire). */
    String priceCheck(Instant at, int channel, String outlet, String sku, BigDecimal price) {
        ObjectNode p = base(at, channel, outlet, sku);
        p.put("price", price);
        p.put("source", "SHELF");
        send(EventStream.PRICES, p);
        return p.get("eventId").asText();
    }

    void inventory(Instant at, int channel, String outlet, String sku, String movement, long quantity, String batchCode) {
        ObjectNode r = base(at, channel, outlet, sku);
        r.put("movement", movement);
        if ("RECEIPT".equals(movement)) {
            r.put("quantity", quantity);
            r.put("batchCode", batchCode);
        } else {
            r.put("onHand", quantity);
        }
        send(EventStream.INVENTORY, r);
    }

    void order(Instant at, int channel, String orderId, String status) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("eventId", nextId());
        o.put("eventTime", at.toString());
        o.put("orderId", orderId);
        o.put("channelId", channel(channel));
        o.put("partnerId", partner(channel));
        o.put("status", status);
        send(EventStream.ORDERS, o);
    }

    void send(EventStream<?> stream, ObjectNode value) {
        producer.send(new ProducerRecord<>(config.topics().input(stream), value.toString()), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        sent++;
    }

    private long sent;

    /** Records sent so far, reference data included: what the job's read counters must reach. */
    long sent() {
        return sent;
    }

    /** Sends everything buffered; fails if any record could not be written, so counts stay true. */
    void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark record was not written", failure.get());
        }
    }

    private final java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public void close() {
        producer.close();
    }
}
