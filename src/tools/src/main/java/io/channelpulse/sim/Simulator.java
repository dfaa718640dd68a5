package io.channelpulse.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.channelpulse.serde.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded discrete-event simulation of the channel world. Actions (a sale, a price check, a
 * restock, an order and its answers, an episode's recovery, a diverted sighting) are processed in
 * event-time order from an agenda, so state such as "this outlet is selling below guide" is always
 * consistent between the events it shapes. The same settings always give the same lines.
 *
 * <p>Normal behaviour never breaks a rule: prices stay within 4% of guide, partners sell only their
 * own batches inside their regions, orders are answered within 20 hours. Every rule violation is an
 * injected anomaly recorded in the ground truth.
 */
public final class Simulator {


    private final SimulatorSettings settings;
    private final Random random;
    private final World world;
    private final PriorityQueue<Action> agenda = new PriorityQueue<>();
    private final List<Emission> emissions = new ArrayList<>();
    private final List<GroundTruth.Anomaly> anomalies = new ArrayList<>();
    private final Map<String, Long> events = new TreeMap<>();
    private final Map<String, Long> duplicates = new TreeMap<>();
    private final Map<String, Long> malformed = new TreeMap<>();
    /** Open below-guide episodes by outlet/sku: the discount in force. */
    private final Map<String, BigDecimal> episodes = new HashMap<>();
    /** Received batches per partner/sku. */
    private final Map<String, List<String>> batches = new HashMap<>();
    private long seq;
    private long ids;
    private long sales;
    private BigDecimal revenue = BigDecimal.ZERO;

    public Simulator(SimulatorSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.world = World.generate(settings, random);
    }

    private record Action(long at, long order, Runnable run) implements Comparable<Action> {
        @Override
        public int compareTo(Action o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    private void schedule(long at, Runnable run) {
        if (at < settings.end().toEpochMilli()) {
            agenda.add(new Action(at, seq++, run));
        }
    }

    public Simulation run() {
        long start = settings.start().toEpochMilli();
        referenceData(start);
        for (World.Partner partner : world.partners()) {
            for (long t = start + random.nextInt(3_600_000); t < settings.end().toEpochMilli(); t += 12 * 3_600_000L) {
                long at = t;
                schedule(at, () -> restock(partner, at));
            }
            for (long hour = start; hour < settings.end().toEpochMilli(); hour += 3_600_000L) {
                long at = hour + random.nextInt(3_600_000);
                if (random.nextDouble() < 0.5) {
                    schedule(at, () -> createOrder(partner, at));
                }
            }
        }
        for (World.Outlet outlet : world.outlets()) {
            for (long hour = start; hour < settings.end().toEpochMilli(); hour += 3_600_000L) {
                int count = poisson(settings.salesPerOutletHour() * dailyCurve(hour));
                for (int i = 0; i < count; i++) {
                    long at = hour + 3_600_000L / 2 + random.nextInt(3_600_000 / 2);
                    schedule(at, () -> sale(outlet, at));
                }
                if (random.nextDouble() < 0.5) {
                    long at = hour + random.nextInt(3_600_000);
                    schedule(at, () -> priceCheck(outlet, world.skus().get(random.nextInt(world.skus().size())), at, false));
                }
                if ((hour - start) % (6 * 3_600_000L) == 0) {
                    long at = hour + random.nextInt(3_600_000);
                    schedule(at, () -> snapshot(outlet, at));
                }
            }
        }
        while (!agenda.isEmpty()) {
            agenda.poll().run().run();
        }
        emissions.sort(null);
        return new Simulation(world, List.copyOf(emissions), List.copyOf(anomalies), events, duplicates,
                malformed, sales, revenue);
    }

    // --- reference data -------------------------------------------------------------------

    private void referenceData(long start) {
        long publishedAt = start - 1;
        for (World.Sku sku : world.skus()) {
            ObjectNode g = Json.mapper().createObjectNode();
            g.put("sku", sku.sku());
            g.put("guidePrice", sku.guidePrice());
            g.put("effectiveFrom", Instant.ofEpochMilli(start).minus(Duration.ofDays(1)).toString());
            emitRaw("guide-prices", g.toString(), publishedAt);
        }
        for (World.Partner p : world.partners()) {
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("partnerId", p.partnerId());
            n.put("channelId", p.channel().channelId());
            n.put("channelType", p.channel().type().name());
            n.putPOJO("authorizedRegions", p.regions());
            n.put("tier", p.tier().name());
            n.put("name", p.name());
            emitRaw("partners", n.toString(), publishedAt);
        }
    }

    // --- actions ---------------------------------------------------------------------------

    private void restock(World.Partner partner, long at) {
        List<World.Outlet> own = world.outlets().stream().filter(o -> o.partner() == partner).toList();
        for (int i = 0; i < 3; i++) {
            World.Sku sku = world.skus().get(random.nextInt(world.skus().size()));
            World.Outlet outlet = own.get(random.nextInt(own.size()));
            String batch = "B-" + (++ids);
            long t = at + i * 60_000L;
            ObjectNode r = base(outlet, sku, t);
            r.put("movement", "RECEIPT");
            r.put("quantity", 24 + random.nextInt(48));
            r.put("batchCode", batch);
            emit("inventory", r, t);
            batches.computeIfAbsent(partner.partnerId() + "/" + sku.sku(), k -> new ArrayList<>()).add(batch);
            if (random.nextDouble() < settings.diversionRate()) {
                scheduleDiversion(partner, sku, batch, t);
            }
        }
    }

    private void scheduleDiversion(World.Partner allocated, World.Sku sku, String batch, long receivedAt) {
        boolean crossChannel = random.nextBoolean();
        List<World.Outlet> candidates = world.outlets().stream()
                .filter(o -> o.partner() != allocated)
                .filter(o -> crossChannel
                        ? !o.partner().channel().equals(allocated.channel())
                        : o.partner().channel().equals(allocated.channel()) && !allocated.regions().contains(o.regionId()))
                .toList();
        if (candidates.isEmpty()) {
            return;
        }
        World.Outlet diverter = candidates.get(random.nextInt(candidates.size()));
        long at = receivedAt + 3_600_000L + random.nextInt(20 * 3_600_000);
        if (at >= settings.end().toEpochMilli()) {
            return;
        }
        String kind = crossChannel ? "CROSS_CHANNEL" : "CROSS_REGION";
        anomalies.add(new GroundTruth.Anomaly(Rule.CROSS_CHANNEL_DIVERSION,
                batch + "/" + diverter.partner().partnerId(),
                kind + " of " + batch + " from " + allocated.partnerId(), Instant.ofEpochMilli(at), null));
        schedule(at, () -> {
            if (random.nextDouble() < 0.7) {
                sale(diverter, sku, batch, at);
            } else {
                ObjectNode r = base(diverter, sku, at);
                r.put("movement", "RECEIPT");
                r.put("quantity", 6);
                r.put("batchCode", batch);
                emit("inventory", r, at);
            }
        });
    }

    private void sale(World.Outlet outlet, long at) {
        World.Sku sku = world.skus().get(random.nextInt(world.skus().size()));
        List<String> pool = batches.get(outlet.partner().partnerId() + "/" + sku.sku());
        String batch = pool == null ? null : pool.get(random.nextInt(pool.size()));
        sale(outlet, sku, batch, at);
    }

    private void sale(World.Outlet outlet, World.Sku sku, String batch, long at) {
        BigDecimal price = observedPrice(outlet, sku, at);
        int quantity = 1 + random.nextInt(3);
        ObjectNode s = base(outlet, sku, at);
        s.put("quantity", quantity);
        s.put("unitPrice", price);
        if (batch != null) {
            s.put("batchCode", batch);
        }
        sales++;
        revenue = revenue.add(price.multiply(BigDecimal.valueOf(quantity)));
        emit("pos-sales", s, at);
    }

    private void priceCheck(World.Outlet outlet, World.Sku sku, long at, boolean recovery) {
        BigDecimal price = recovery ? normalPrice(sku) : observedPrice(outlet, sku, at);
        ObjectNode p = base(outlet, sku, at);
        p.put("price", price);
        p.put("source", outlet.partner().channel().type() == ChannelType.ONLINE ? "WEB" : "SHELF");
        emit("prices", p, at);
    }

    /** The price an observation shows: in an episode, discounted; else maybe the start of one. */
    private BigDecimal observedPrice(World.Outlet outlet, World.Sku sku, long at) {
        String key = outlet.outletId() + "/" + sku.sku();
        BigDecimal discount = episodes.get(key);
        if (discount == null && random.nextDouble() < settings.belowGuideRate()) {
            discount = BigDecimal.valueOf(6 + random.nextInt(25), 2);
            episodes.put(key, discount);
            Instant recoverAt = null;
            if (random.nextDouble() < settings.recoveryRate()) {
                long recovery = at + 1_800_000L + random.nextInt(12 * 3_600_000);
                if (recovery < settings.end().toEpochMilli()) {
                    recoverAt = Instant.ofEpochMilli(recovery);
                    schedule(recovery, () -> {
                        episodes.remove(key);
                        priceCheck(outlet, sku, recovery, true);
                    });
                }
            }
            anomalies.add(new GroundTruth.Anomaly(Rule.PRICE_BELOW_GUIDE,
                    outlet.partner().channel().channelId() + "/" + outlet.outletId() + "/" + sku.sku(),
                    discount.movePointRight(2) + "% below guide", Instant.ofEpochMilli(at), recoverAt));
        }
        if (discount != null) {
            return sku.guidePrice().multiply(BigDecimal.ONE.subtract(discount)).setScale(2, RoundingMode.HALF_UP);
        }
        return normalPrice(sku);
    }

    /** Within 4% below guide: compliant with the 5% rule. */
    private BigDecimal normalPrice(World.Sku sku) {
        BigDecimal off = BigDecimal.valueOf(random.nextInt(5), 2);
        return sku.guidePrice().multiply(BigDecimal.ONE.subtract(off)).setScale(2, RoundingMode.HALF_UP);
    }

    private void snapshot(World.Outlet outlet, long at) {
        World.Sku sku = world.skus().get(random.nextInt(world.skus().size()));
        ObjectNode s = base(outlet, sku, at);
        s.put("movement", "SNAPSHOT");
        s.put("onHand", random.nextInt(10) == 0 ? 0 : random.nextInt(60));
        emit("inventory", s, at);
    }

    private void createOrder(World.Partner partner, long at) {
        String orderId = "ORD-" + (++ids);
        order(orderId, partner, "CREATED", at);
        double roll = random.nextDouble();
        long deadline = at + settings.sla().toMillis();
        if (roll < settings.missingAnswerRate()) {
            anomalies.add(new GroundTruth.Anomaly(Rule.ORDER_RESPONSE_SLA, orderId, "never answered",
                    Instant.ofEpochMilli(deadline), null));
        } else if (roll < settings.missingAnswerRate() + settings.lateAnswerRate()) {
            long answer = deadline + 60_000L + random.nextInt(12 * 3_600_000);
            anomalies.add(new GroundTruth.Anomaly(Rule.ORDER_RESPONSE_SLA, orderId, "answered late",
                    Instant.ofEpochMilli(deadline), Instant.ofEpochMilli(answer)));
            schedule(answer, () -> order(orderId, partner, "ACKNOWLEDGED", answer));
        } else if (roll < settings.missingAnswerRate() + settings.lateAnswerRate() + 0.03) {
            long cancel = at + 3_600_000L + random.nextInt(10 * 3_600_000);
            schedule(cancel, () -> order(orderId, partner, "CANCELLED", cancel));
        } else {
            long answer = at + 600_000L + random.nextInt(20 * 3_600_000);
            schedule(answer, () -> order(orderId, partner, "ACKNOWLEDGED", answer));
            long shipped = answer + 3_600_000L + random.nextInt(6 * 3_600_000);
            schedule(shipped, () -> order(orderId, partner, "SHIPPED", shipped));
        }
    }

    private void order(String orderId, World.Partner partner, String status, long at) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("eventId", "E-" + (++ids));
        o.put("eventTime", Instant.ofEpochMilli(at).toString());
        o.put("orderId", orderId);
        o.put("channelId", partner.channel().channelId());
        o.put("partnerId", partner.partnerId());
        o.put("status", status);
        emit("orders", o, at);
    }

    // --- emission --------------------------------------------------------------------------

    private ObjectNode base(World.Outlet outlet, World.Sku sku, long at) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("eventId", "E-" + (++ids));
        n.put("eventTime", Instant.ofEpochMilli(at).atZone(settings.zone()).toOffsetDateTime().toString());
        n.put("channelId", outlet.partner().channel().channelId());
        n.put("partnerId", outlet.partner().partnerId());
        n.put("outletId", outlet.outletId());
        n.put("regionId", outlet.regionId());
        n.put("sku", sku.sku());
        return n;
    }

    /** Emits an event with the configured noise: out-of-order delivery, duplicates, malformed lines. */
    private void emit(String stream, ObjectNode event, long at) {
        long emitAt = random.nextDouble() < settings.outOfOrderRate() ? at + 1_000L + random.nextInt(89_000) : at;
        String payload = event.toString();
        events.merge(stream, 1L, Long::sum);
        emitRaw(stream, payload, emitAt);
        if (random.nextDouble() < settings.duplicateRate()) {
            duplicates.merge(stream, 1L, Long::sum);
            emitRaw(stream, payload, emitAt + random.nextInt(60_000));
        }
        if (random.nextDouble() < settings.malformedRate()) {
            malformed.merge(stream, 1L, Long::sum);
            emitRaw(stream, malformedVersionOf(event), emitAt);
        }
    }

    private String malformedVersionOf(ObjectNode event) {
        ObjectNode bad = event.deepCopy();
        switch (random.nextInt(3)) {
            case 0 -> {
                String text = event.toString();
                return text.substring(0, text.length() / 2);
            }
            case 1 -> bad.remove("channelId");
            default -> bad.put("eventTime", "yesterday");
        }
        bad.put("eventId", "BAD-" + (++ids));
        return bad.toString();
    }

    private void emitRaw(String stream, String payload, long emitAt) {
        emissions.add(new Emission(emitAt, seq++, stream, payload));
    }

    // --- shapes ----------------------------------------------------------------------------

    /** Relative sales intensity by hour of day in the business zone: quiet at night, peaks at noon and evening. */
    private double dailyCurve(long hourStart) {
        int hour = Instant.ofEpochMilli(hourStart).atZone(settings.zone()).getHour();
        return 0.2 + Math.exp(-Math.pow(hour - 12, 2) / 8.0) + 1.3 * Math.exp(-Math.pow(hour - 20, 2) / 6.0);
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
