package io.channelpulse.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.CostCategory;
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
        World generated = World.generate(settings, random);
        this.world = settings.economics() == null ? generated : generated.withRevenueWeights(EconomicsPlan.LEVELS);
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
        if (settings.economics() != null) {
            return runEconomics();
        }
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
                malformed, sales, revenue, List.of(), List.of());
    }

    // --- economics history -------------------------------------------------------------------

    /**
     * A long, sparse history for the channel plan's economics ({@link EconomicsPlan}): reference
     * data, POS lines that add up to each partner's planned monthly revenue, and each month's cost
     * bookings, computed from the revenue actually sold. No orders, inventory or price checks, and
     * prices within 4% of guide, so no other rule fires; the emission noise (duplicates, malformed
     * lines) is as configured.
     */
    private Simulation runEconomics() {
        int months = settings.economics().months();
        referenceData(BusinessMonths.start(EconomicsPlan.period(settings, 1), settings.zone()).toEpochMilli());
        Map<String, BigDecimal> outletRevenue = new HashMap<>();
        for (int m = 1; m <= months; m++) {
            for (World.Outlet outlet : world.outlets()) {
                BigDecimal target = EconomicsPlan.plannedRevenue(outlet.partner().partnerId(), m)
                        .divide(BigDecimal.valueOf(settings.outletsPerPartner()), 2, RoundingMode.DOWN);
                outletRevenue.put(m + "/" + outlet.outletId(), monthOfSales(outlet, m, target));
            }
        }
        for (int m = 1; m <= months; m++) {
            monthOfCosts(m, outletRevenue);
        }
        anomalies.addAll(EconomicsPlan.anomalies(settings));
        emissions.sort(null);
        return new Simulation(world, List.copyOf(emissions), List.copyOf(anomalies), events, duplicates,
                malformed, sales, revenue, EconomicsPlan.tierChanges(settings), EconomicsPlan.tierHolds(settings));
    }

    /**
     * POS lines of one outlet in month {@code m} worth {@code target} less at most the cheapest
     * SKU's price: random lines while they fit, then the dearest line that still fits, until none
     * does. Returns the revenue sold.
     */
    private BigDecimal monthOfSales(World.Outlet outlet, int m, BigDecimal target) {
        String period = EconomicsPlan.period(settings, m);
        long from = BusinessMonths.start(period, settings.zone()).toEpochMilli() + 3_600_000L;
        long to = BusinessMonths.end(period, settings.zone()).toEpochMilli() - 3_600_000L;
        List<World.Sku> dearestFirst = new ArrayList<>(world.skus());
        dearestFirst.sort((a, b) -> b.guidePrice().compareTo(a.guidePrice()));
        BigDecimal sold = BigDecimal.ZERO;
        while (true) {
            World.Sku sku = world.skus().get(random.nextInt(world.skus().size()));
            int quantity = 1 + random.nextInt(3);
            BigDecimal price = normalPrice(sku);
            if (sold.add(price.multiply(BigDecimal.valueOf(quantity))).compareTo(target) > 0) {
                break;
            }
            sold = sold.add(economicsSale(outlet, sku, quantity, price, inside(from, to)));
        }
        boolean fitted = true;
        while (fitted) {
            fitted = false;
            BigDecimal gap = target.subtract(sold);
            for (World.Sku sku : dearestFirst) {
                BigDecimal price = normalPrice(sku);
                int quantity = Math.min(3, gap.divideToIntegralValue(price).intValue());
                if (quantity >= 1) {
                    sold = sold.add(economicsSale(outlet, sku, quantity, price, inside(from, to)));
                    fitted = true;
                    break;
                }
            }
        }
        return sold;
    }

    private BigDecimal economicsSale(World.Outlet outlet, World.Sku sku, int quantity, BigDecimal price, long at) {
        BigDecimal value = price.multiply(BigDecimal.valueOf(quantity));
        ObjectNode s = base(outlet, sku, at);
        s.put("quantity", quantity);
        s.put("unitPrice", price);
        sales++;
        revenue = revenue.add(value);
        emit("pos-sales", s, at);
        return value;
    }

    /** The cost bookings of month {@code m}, from the revenue each outlet sold in it. */
    private void monthOfCosts(int m, Map<String, BigDecimal> outletRevenue) {
        String period = EconomicsPlan.period(settings, m);
        long monthStart = BusinessMonths.start(period, settings.zone()).toEpochMilli();
        long monthEnd = BusinessMonths.end(period, settings.zone()).toEpochMilli();
        List<Booking> bookings = new ArrayList<>();
        Map<String, BigDecimal> channelCost = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (World.Channel channel : world.channels()) {
            BigDecimal channelRevenue = BigDecimal.ZERO;
            for (World.Partner partner : world.partners()) {
                if (partner.channel() != channel) {
                    continue;
                }
                BigDecimal partnerRevenue = BigDecimal.ZERO;
                BigDecimal partnerCost = BigDecimal.ZERO;
                for (World.Outlet outlet : world.outlets()) {
                    if (outlet.partner() != partner) {
                        continue;
                    }
                    BigDecimal sold = outletRevenue.get(m + "/" + outlet.outletId());
                    partnerRevenue = partnerRevenue.add(sold);
                    BigDecimal outletCost = BigDecimal.ZERO;
                    outletCost = outletCost.add(book(bookings, period, partner, outlet, CostCategory.COGS,
                            share(sold, 0.50, 0.54), inside(monthEnd - 20 * 3_600_000L, monthEnd - 3_600_000L)));
                    if (channel.type() == ChannelType.DIRECT_STORE) {
                        outletCost = outletCost.add(book(bookings, period, partner, outlet, CostCategory.RENT,
                                share(sold, 0.08, 0.10), inside(monthStart + 3_600_000L, monthStart + 48 * 3_600_000L)));
                        outletCost = outletCost.add(book(bookings, period, partner, outlet, CostCategory.STAFF,
                                share(sold, 0.06, 0.08), afterEnd(monthEnd)));
                        if (isLossMonth(outlet, m)) {
                            BigDecimal extra = sold.multiply(EconomicsPlan.LOSS_COST_RATIO).setScale(2, RoundingMode.UP)
                                    .subtract(outletCost);
                            outletCost = outletCost.add(book(bookings, period, partner, outlet, CostCategory.STAFF,
                                    extra, inside(monthStart + 10 * 86_400_000L, monthStart + 20 * 86_400_000L)));
                        }
                    }
                    partnerCost = partnerCost.add(outletCost);
                }
                partnerCost = partnerCost.add(book(bookings, period, partner, null, CostCategory.MARKETING,
                        share(partnerRevenue, 0.03, 0.05), inside(monthStart + 9 * 86_400_000L, monthStart + 20 * 86_400_000L)));
                partnerCost = partnerCost.add(book(bookings, period, partner, null, CostCategory.REBATE,
                        share(partnerRevenue, 0.02, 0.03), afterEnd(monthEnd)));
                partnerCost = partnerCost.add(book(bookings, period, partner, null, CostCategory.LOGISTICS,
                        share(partnerRevenue, 0.02, 0.03), afterEnd(monthEnd)));
                if (random.nextDouble() < 0.2) {
                    // An over-booking and its correction: a negative amount that nets it out.
                    BigDecimal over = share(partnerRevenue, 0.01, 0.03);
                    book(bookings, period, partner, null, CostCategory.MARKETING, over,
                            inside(monthStart + 5 * 86_400_000L, monthStart + 15 * 86_400_000L));
                    book(bookings, period, partner, null, CostCategory.MARKETING, over.negate(), afterEnd(monthEnd));
                }
                if (partner.partnerId().equals(EconomicsPlan.LOW_ROI_PARTNER) && m >= EconomicsPlan.LOW_ROI_FROM
                        && m < EconomicsPlan.LOW_ROI_FROM + EconomicsPlan.LOW_ROI_MONTHS) {
                    partnerCost = partnerCost.add(book(bookings, period, partner, null, CostCategory.MARKETING,
                            partnerRevenue.multiply(EconomicsPlan.LOW_ROI_EXTRA_COST).setScale(2, RoundingMode.UP),
                            inside(monthStart + 2 * 86_400_000L, monthStart + 6 * 86_400_000L)));
                }
                channelRevenue = channelRevenue.add(partnerRevenue);
                channelCost.merge(channel.channelId(), partnerCost, BigDecimal::add);
            }
            BigDecimal other = bookChannel(bookings, period, channel, CostCategory.OTHER, share(channelRevenue, 0.01, 0.02),
                    afterEnd(monthEnd));
            channelCost.merge(channel.channelId(), other, BigDecimal::add);
        }
        for (BigDecimal c : channelCost.values()) {
            total = total.add(c);
        }
        if (m >= EconomicsPlan.INEFFICIENT_FROM && m < EconomicsPlan.INEFFICIENT_FROM + EconomicsPlan.INEFFICIENT_MONTHS) {
            // A campaign that lifts the channel's cost share to the target: (c + x) / (t + x) = s.
            BigDecimal s = EconomicsPlan.INEFFICIENT_COST_SHARE;
            BigDecimal c = channelCost.get(EconomicsPlan.INEFFICIENT_CHANNEL);
            BigDecimal x = s.multiply(total).subtract(c).divide(BigDecimal.ONE.subtract(s), 2, RoundingMode.UP);
            World.Channel channel = world.channels().stream()
                    .filter(ch -> ch.channelId().equals(EconomicsPlan.INEFFICIENT_CHANNEL)).findFirst().orElseThrow();
            bookChannel(bookings, period, channel, CostCategory.MARKETING, x,
                    inside(monthStart + 12 * 86_400_000L, monthStart + 16 * 86_400_000L));
        }
        for (Booking b : bookings) {
            emit("channel-costs", b.cost(), b.at());
        }
    }

    /** A cost line waiting for emission: a month's bookings are emitted once its campaign is known. */
    private record Booking(ObjectNode cost, long at) {}

    private boolean isLossMonth(World.Outlet outlet, int m) {
        int streak = outlet.outletId().equals(EconomicsPlan.LOSING_STORE) ? EconomicsPlan.LOSS_MONTHS
                : outlet.outletId().equals(EconomicsPlan.RECOVERING_STORE) ? EconomicsPlan.RECOVERING_LOSS_MONTHS : 0;
        return m >= EconomicsPlan.LOSS_FROM && m < EconomicsPlan.LOSS_FROM + streak;
    }

    /** {@code amount} × a random fraction between {@code low} and {@code high}, to the cent. */
    private BigDecimal share(BigDecimal amount, double low, double high) {
        BigDecimal fraction = BigDecimal.valueOf(low + random.nextDouble() * (high - low)).setScale(4, RoundingMode.HALF_UP);
        return amount.multiply(fraction).setScale(2, RoundingMode.HALF_UP);
    }

    private long inside(long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }

    /**
     * A booking time in the first days after the month's end, well before its close: between 10%
     * and 60% of the close grace after the end (with no grace, in the month's last hour).
     */
    private long afterEnd(long monthEnd) {
        long grace = settings.economics().closeGrace().toMillis();
        if (grace < 3_600_000L) {
            return inside(monthEnd - 3_600_000L, monthEnd - 60_000L);
        }
        return monthEnd + (long) (grace * (0.1 + 0.5 * random.nextDouble()));
    }

    private BigDecimal book(List<Booking> bookings, String period, World.Partner partner, World.Outlet outlet,
            CostCategory category, BigDecimal amount, long at) {
        ObjectNode c = costNode(period, partner.channel(), category, amount, at);
        c.put("partnerId", partner.partnerId());
        if (outlet != null) {
            c.put("outletId", outlet.outletId());
        }
        bookings.add(new Booking(c, at));
        return amount;
    }

    private BigDecimal bookChannel(List<Booking> bookings, String period, World.Channel channel, CostCategory category,
            BigDecimal amount, long at) {
        bookings.add(new Booking(costNode(period, channel, category, amount, at), at));
        return amount;
    }

    private ObjectNode costNode(String period, World.Channel channel, CostCategory category, BigDecimal amount, long at) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("eventId", "E-" + (++ids));
        c.put("eventTime", Instant.ofEpochMilli(at).toString());
        c.put("period", period);
        c.put("channelId", channel.channelId());
        c.put("category", category.name());
        c.put("amount", amount);
        return c;
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
