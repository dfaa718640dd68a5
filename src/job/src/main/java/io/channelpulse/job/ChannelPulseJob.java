package io.channelpulse.job;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.config.Economics;
import io.channelpulse.detect.AlertChannelType;
import io.channelpulse.economics.ChannelMonth;
import io.channelpulse.economics.ChannelPlan;
import io.channelpulse.economics.ClosedPeriods;
import io.channelpulse.economics.LedgerEntry;
import io.channelpulse.economics.MonthlyLedger;
import io.channelpulse.economics.OutletProfit;
import io.channelpulse.economics.StoreClosureAlerts;
import io.channelpulse.economics.StoreClosureRule;
import io.channelpulse.economics.StoreEvent;
import io.channelpulse.detect.diversion.BatchSighting;
import io.channelpulse.detect.diversion.DiversionDetector;
import io.channelpulse.detect.price.BelowGuideCondition;
import io.channelpulse.detect.price.BelowGuideEpisodes;
import io.channelpulse.detect.price.CheckedPrice;
import io.channelpulse.detect.price.GuidePriceLookup;
import io.channelpulse.detect.price.PriceObservation;
import io.channelpulse.detect.sla.OrderResponse;
import io.channelpulse.detect.sla.OrderResponseSlaRule;
import io.channelpulse.detect.sla.SlaResolver;
import io.channelpulse.kpi.BusinessTimeWindows;
import io.channelpulse.kpi.ChannelTypeEnricher;
import io.channelpulse.kpi.KpiAggregate;
import io.channelpulse.kpi.KpiContribution;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.MovementType;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import io.channelpulse.model.Rule;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import java.time.ZoneId;

/**
 * The Channel Pulse job graph as a function: parsed input streams in, alerts, KPIs and dead letters
 * out. Kafka, replay files and tests all run this same graph.
 *
 * <pre>
 *  sources ─► route dead letters ─► admit (dedup, late) ─┬─► guide price lookup ─► below-guide episodes ─┐
 *                                                         ├─► diversion (by batch, partners broadcast) ───┤► alerts
 *                                                         ├─► SLA CEP ─► SLA resolver ────────────────────┘
 *                                                         │                        (alerts ─► channel type ─► stamp)
 *                                                         └─► KPI contributions ─► windows ─► channel type ─► KPIs
 * </pre>
 */
public final class ChannelPulseJob {

    /** Stable operator ids (kebab-case) so savepoints survive refactoring. */
    static final String ROUTE_UID = "route-dead-letters-";
    static final String ADMIT_UID = "admit-";
    static final String HORIZON_UID = "event-time-horizon-";
    static final TypeInformation<Alert> ALERT_TYPE = TypeInformation.of(Alert.class);
    /** KPI contributions that reached a window after it closed. */
    static final OutputTag<KpiContribution> LATE_CONTRIBUTIONS =
            new OutputTag<>("late-kpi-contributions", TypeInformation.of(KpiContribution.class));

    private final PulseConfig config;
    private final boolean wallClockEmission;

    /**
     * @param wallClockEmission stamp alerts' emittedAt with the wall clock (live) or with their own
     *     event time (replay, so outputs are reproducible)
     */
    public ChannelPulseJob(PulseConfig config, boolean wallClockEmission) {
        this.config = config;
        this.wallClockEmission = wallClockEmission;
    }

    /**
     * The engine settings this graph is written for; replay and live both apply them to the
     * Configuration they build their environment from. Returns {@code conf}.
     *
     * <p>{@code pipeline.generic-types: false}: every record is a POJO, Kryo never serializes one.
     *
     * <p>{@code pipeline.object-reuse: true}: chained operators hand records on by reference
     * instead of copying each one with its serializer. That is safe here because:
     * <ul>
     *   <li>every record that travels between operators is a Java record (model events, {@code
     *       Parsed}, {@code PriceObservation}, {@code CheckedPrice}, {@code BatchSighting}, {@code
     *       KpiContribution}, {@code OrderResponse}, {@code SlaBreach}, {@code Alert}, {@code
     *       ChannelKpi}, {@code DeadLetter}); no function mutates one, and the lists they hold are
     *       only read ("changing" a record, as {@code withChannelType}, builds a new one);
     *   <li>the one mutable type, {@code KpiAccumulator}, never leaves the window operator: the
     *       aggregate and {@code KpiAggregate.ToKpi} run inside it and emit a new {@code ChannelKpi}
     *       (the response times are copied before they are sorted);
     *   <li>functions that keep records across calls keep them in keyed state (event-time buffers,
     *       open episodes, allocations, pending SLA closes), and every such state sits behind a
     *       keyBy or broadcast, whose input Flink always deserializes into fresh objects; kept or
     *       not, an immutable record cannot change under its holder;
     *   <li>no function holds a record in a field, and the pass-through operators (route, gates,
     *       flushes, floor, horizon) forward the record they were given without touching it;
     *   <li>the lists {@code EventTimeBuffer} sorts and hands over belong to its state, not to a
     *       record, and are removed from state before they are handed over;
     *   <li>sinks (files, Kafka) serialize each record when it is written.
     * </ul>
     * A function added later that mutates its input, or a mutable record type, breaks this: keep
     * records immutable.
     */
    public static Configuration engineDefaults(Configuration conf) {
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return conf;
    }

    public JobOutputs build(JobInputs in) {
        Admitted<PosSale> sales = admit(in.posSales(), EventStream.POS_SALES);
        Admitted<PriceCheck> checks = admit(in.prices(), EventStream.PRICES);
        Admitted<InventoryMovement> inventory = admit(in.inventory(), EventStream.INVENTORY);
        Admitted<OrderEvent> orders = admit(in.orders(), EventStream.ORDERS);
        Admitted<ChannelCost> costs = admit(closedPeriods(in.channelCosts()), EventStream.CHANNEL_COSTS);
        Admitted<GuidePrice> guides = reference(in.guidePrices(), EventStream.GUIDE_PRICES);
        Admitted<Partner> partners = reference(in.partners(), EventStream.PARTNERS);

        // PRICE_BELOW_GUIDE: every price check and every POS line is an observation.
        DataStream<PriceObservation> observations = sales.events()
                .map(PriceObservation::of).name("POS lines as price observations")
                .union(checks.events().map(PriceObservation::of).name("Price checks as observations"));
        SingleOutputStreamOperator<CheckedPrice> checked = observations
                .keyBy(PriceObservation::sku)
                .connect(guides.events().keyBy(GuidePrice::sku))
                .process(Guarded.keyedCo(GuidePriceLookup.UID, new GuidePriceLookup(new BelowGuideCondition(
                                config.priceBelowGuide().threshold(), config.priceBelowGuide().criticalThreshold()))),
                        TypeInformation.of(CheckedPrice.class))
                .uid(GuidePriceLookup.UID).name(GuidePriceLookup.NAME);
        SingleOutputStreamOperator<Alert> priceAlerts = checked
                .keyBy(BelowGuideEpisodes.KEY)
                .process(Guarded.keyed(BelowGuideEpisodes.UID,
                                new BelowGuideEpisodes(config.priceBelowGuide().episodeTimeout())),
                        ALERT_TYPE)
                .uid(BelowGuideEpisodes.UID).name(BelowGuideEpisodes.NAME);

        // CROSS_CHANNEL_DIVERSION: receipts and sales of batch-coded goods.
        DataStream<BatchSighting> sightings = inventory.events()
                .filter(m -> m.movement() == MovementType.RECEIPT && m.batchCode() != null)
                .name("Batch receipts")
                .map(BatchSighting::receipt).name("Receipts as batch sightings")
                .union(checked
                        .filter(c -> c.observation().isSale() && c.observation().batchCode() != null)
                        .name("Batch sales")
                        .map(BatchSighting::sale).name("Sales as batch sightings"));
        SingleOutputStreamOperator<Alert> diversionAlerts = sightings
                .keyBy(BatchSighting::batchCode)
                .connect(partners.events().broadcast(DiversionDetector.PARTNERS))
                .process(Guarded.keyedBroadcast(DiversionDetector.UID,
                        new DiversionDetector(config.diversion().horizon())), ALERT_TYPE)
                .uid(DiversionDetector.UID).name(DiversionDetector.NAME);

        // ORDER_RESPONSE_SLA: CEP finds breaches, the resolver fires and resolves them.
        OrderResponseSlaRule slaRule = new OrderResponseSlaRule(config.orderResponse().sla());
        PatternStream<OrderEvent> slaPatterns =
                CEP.pattern(orders.events().keyBy(OrderEvent::orderId), slaRule.pattern(), slaRule.comparator());
        SingleOutputStreamOperator<OrderResponse> onTimeResponses = slaPatterns
                .process(slaRule.processFunction())
                .uid(OrderResponseSlaRule.UID).name(OrderResponseSlaRule.NAME);
        SingleOutputStreamOperator<Alert> slaAlerts = onTimeResponses
                .getSideOutput(OrderResponseSlaRule.BREACHES)
                .keyBy(breach -> breach.orderId())
                .connect(orders.events().keyBy(OrderEvent::orderId))
                .process(Guarded.keyedCo(SlaResolver.UID,
                        new SlaResolver(config.orderResponse().resolveHorizon())), ALERT_TYPE)
                .uid(SlaResolver.UID).name(SlaResolver.NAME);

        // The channel plan's economics: monthly ledgers per channel, closed when the watermark passes
        // each month's end plus the grace; then one plan for the company, and direct stores' loss
        // streaks through CEP.
        Economics economics = config.economics();
        ZoneId zone = config.business().timeZone();
        SingleOutputStreamOperator<ChannelMonth> channelMonths = sales.events()
                .map(sale -> LedgerEntry.sale(sale, zone)).name("Sales as ledger entries")
                .union(costs.events().map(LedgerEntry::cost).name("Costs as ledger entries"))
                .keyBy(LedgerEntry::channelId)
                .process(Guarded.keyed(MonthlyLedger.UID, new MonthlyLedger(zone, economics.closeGrace())),
                        TypeInformation.of(ChannelMonth.class))
                .uid(MonthlyLedger.UID).name(MonthlyLedger.NAME);
        SingleOutputStreamOperator<Alert> planAlerts = channelMonths
                .keyBy(m -> ChannelPlan.KEY)
                .connect(partners.events().keyBy(p -> ChannelPlan.KEY))
                .process(Guarded.keyedCo(ChannelPlan.UID, new ChannelPlan(economics)), ALERT_TYPE)
                .uid(ChannelPlan.UID).name(ChannelPlan.NAME);
        DataStream<OutletProfit> storeMonths = planAlerts.getSideOutput(ChannelPlan.OUTLETS);
        StoreClosureRule storeRule = new StoreClosureRule(economics.stores().lossStreakMonths());
        TypeInformation<StoreEvent> storeEventType = TypeInformation.of(StoreEvent.class);
        SingleOutputStreamOperator<StoreEvent> streaks = CEP.pattern(storeMonths.keyBy(OutletProfit::outletId), storeRule.pattern())
                .process(storeRule.processFunction(), storeEventType)
                .uid(StoreClosureRule.UID).name(StoreClosureRule.NAME);
        SingleOutputStreamOperator<Alert> storeAlerts = streaks
                .union(storeMonths.map(StoreEvent::ofMonth).returns(storeEventType).name("Direct store months"))
                .keyBy(StoreEvent::outletId)
                .process(Guarded.keyed(StoreClosureAlerts.UID, new StoreClosureAlerts()), ALERT_TYPE)
                .uid(StoreClosureAlerts.UID).name(StoreClosureAlerts.NAME);

        // Every alert carries its channel's type, so delivery can route on it from the first alert.
        // The partner stream is shared with the KPIs' enricher (one flush operator, one uid). At the
        // end of a replay the flushes release any alert still waiting, so none is held back silently.
        DataStream<Partner> flushedPartners = flushAtEnd(partners.events(), TypeInformation.of(Partner.class), "partners");
        SingleOutputStreamOperator<Alert> typedAlerts = flushAtEnd(priceAlerts.union(diversionAlerts, slaAlerts, planAlerts, storeAlerts), ALERT_TYPE, "alerts")
                .keyBy(AlertChannelType::keyOf)
                .connect(flushedPartners.keyBy(AlertChannelType::keyOf))
                .process(Guarded.keyedCo(AlertChannelType.UID, new AlertChannelType()), ALERT_TYPE)
                .uid(AlertChannelType.UID).name(AlertChannelType.NAME);
        DataStream<Alert> alerts = typedAlerts
                .map(new StampEmission(wallClockEmission)).name("Stamp emittedAt");

        // KPIs: every fact becomes a contribution to its channel's window.
        TypeInformation<KpiContribution> contributionType = TypeInformation.of(KpiContribution.class);
        DataStream<KpiContribution> contributions = sales.events()
                .map(KpiContribution::sale).name("Sales as KPI contributions")
                .union(
                        checked.map(KpiContribution::priceCheck).name("Price checks as KPI contributions"),
                        orders.events().map(KpiContribution::order).name("Orders as KPI contributions"),
                        onTimeResponses.map(KpiContribution::response).name("On-time responses as KPI contributions"),
                        slaAlerts.getSideOutput(SlaResolver.LATE_RESPONSES)
                                .map(KpiContribution::response).name("Late responses as KPI contributions"),
                        slaAlerts.filter(a -> a.rule() == Rule.ORDER_RESPONSE_SLA && a.status() == AlertStatus.FIRING)
                                .name("SLA breaches")
                                .map(KpiContribution::slaBreach).name("SLA breaches as KPI contributions"),
                        inventory.events().map(KpiContribution::inventory).name("Inventory as KPI contributions"),
                        diversionAlerts.getSideOutput(DiversionDetector.DIVERTED)
                                .map(KpiContribution::diverted).name("Diverted sightings as KPI contributions"));
        // Shuffled by channel before the flush and the floor, not after: a union's consumer never
        // chains, so in front of them every contribution was serialized twice (a local forward
        // hop, then the keyBy). Both pass records through in order, so the partitioning the keyBy
        // made still holds at the window, which is what reinterpreting it as keyed relies on.
        DataStream<KpiContribution> floored = flushAtEnd(
                        contributions.keyBy(KpiContribution::channelId), contributionType, "kpi-contributions")
                .transform("Watermark floor across restores (KPI windows)", contributionType, new WatermarkFloor<>())
                .uid(WatermarkFloor.UID);
        SingleOutputStreamOperator<ChannelKpi> windowed = DataStreamUtils
                .reinterpretAsKeyedStream(floored, KpiContribution::channelId, Types.STRING)
                .window(BusinessTimeWindows.of(config.kpiWindow()))
                .trigger(BusinessTimeWindows.closeAtWindowEnd())
                .allowedLateness(BusinessTimeWindows.TIMER_SLACK)
                .sideOutputLateData(LATE_CONTRIBUTIONS)
                .aggregate(new KpiAggregate(), new KpiAggregate.ToKpi())
                .uid(KpiAggregate.UID).name(KpiAggregate.NAME);
        SingleOutputStreamOperator<ChannelKpi> kpis = flushAtEnd(windowed, TypeInformation.of(ChannelKpi.class), "kpis")
                .keyBy(ChannelKpi::channelId)
                .connect(flushedPartners.keyBy(Partner::channelId))
                .process(Guarded.keyedCo(ChannelTypeEnricher.UID, new ChannelTypeEnricher()),
                        TypeInformation.of(ChannelKpi.class))
                .uid(ChannelTypeEnricher.UID).name(ChannelTypeEnricher.NAME);

        // Every record that left the graph early, whatever the reason, ends up here: nothing is
        // dropped silently. Payloads are bounded in one place so no dead letter outgrows Kafka.
        DataStream<DeadLetter> deadLetters = sales.deadLetters()
                .union(checks.deadLetters(), inventory.deadLetters(), orders.deadLetters(), costs.deadLetters(),
                        guides.deadLetters(), partners.deadLetters(),
                        checked.getSideOutput(SideOutputs.DEAD_LETTERS),
                        priceAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        diversionAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        slaAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        kpis.getSideOutput(SideOutputs.DEAD_LETTERS),
                        channelMonths.getSideOutput(SideOutputs.DEAD_LETTERS),
                        planAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        storeAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        typedAlerts.getSideOutput(SideOutputs.DEAD_LETTERS),
                        windowed.getSideOutput(LATE_CONTRIBUTIONS)
                                .map(new LateContributions()).name("Late KPI contributions as dead letters"))
                .map(new BoundDeadLetters(config.input().maxDeadLetterPayload()))
                .name("Bound dead-letter payloads");
        return new JobOutputs(alerts, kpis, deadLetters,
                planAlerts.getSideOutput(ChannelPlan.TIERS), planAlerts.getSideOutput(ChannelPlan.ECONOMICS));
    }

    /** An input stream after dead-letter routing: its events and its dead letters. */
    private record Admitted<T>(DataStream<T> events, DataStream<DeadLetter> deadLetters) {}

    /** Routes bad records, then deduplicates and drops late events, keyed by eventId. */
    private <T> Admitted<T> admit(DataStream<Parsed<T>> parsed, EventStream<T> stream) {
        SingleOutputStreamOperator<Parsed<T>> routed = route(parsed, stream);
        TypeInformation<T> eventType = StreamTypes.event(stream);
        SingleOutputStreamOperator<T> admitted = routed
                .keyBy(p -> stream.idOf(p.event()))
                .process(Guarded.keyed(ADMIT_UID + stream.name(), new EventAdmission<>(stream, config.dedupHorizon())), eventType)
                .uid(ADMIT_UID + stream.name()).name("Admit " + stream.name() + " (dedup, late)");
        return new Admitted<>(
                admitted,
                routed.getSideOutput(SideOutputs.DEAD_LETTERS)
                        .union(admitted.getSideOutput(SideOutputs.DEAD_LETTERS)));
    }

    /** Reference data is only parsed: it has no eventId to deduplicate and is never late. */
    private <T> Admitted<T> reference(DataStream<Parsed<T>> parsed, EventStream<T> stream) {
        SingleOutputStreamOperator<Parsed<T>> routed = route(parsed, stream);
        TypeInformation<T> eventType = StreamTypes.event(stream);
        DataStream<T> events = routed.map(Parsed::event).returns(eventType).name("Parsed " + stream.name());
        return new Admitted<>(events, routed.getSideOutput(SideOutputs.DEAD_LETTERS));
    }

    /** Costs booked at or after their month's close become dead letters before admission ({@link ClosedPeriods}). */
    private DataStream<Parsed<ChannelCost>> closedPeriods(DataStream<Parsed<ChannelCost>> parsed) {
        return parsed
                .process(new ClosedPeriods(config.business().timeZone(), config.economics().closeGrace()),
                        StreamTypes.parsed(EventStream.CHANNEL_COSTS))
                .setParallelism(parsed.getParallelism())
                .uid(ClosedPeriods.UID).name(ClosedPeriods.NAME);
    }

    private static <T> SingleOutputStreamOperator<Parsed<T>> route(
            DataStream<Parsed<T>> parsed, EventStream<T> stream) {
        // Same parallelism as the source so the two chain: records keep the source's order and
        // the admission operator sees each source split's watermark on a single channel.
        return parsed
                .process(new RouteDeadLetters<T>(stream.name()), StreamTypes.parsed(stream))
                .setParallelism(parsed.getParallelism())
                .uid(ROUTE_UID + stream.name()).name("Route dead letters of " + stream.name());
    }

    private static <T> DataStream<T> flushAtEnd(DataStream<T> in, TypeInformation<T> type, String what) {
        return in.transform("Flush windows at end of input (" + what + ")", type, new FlushOnEndOfInput<>())
                .uid("flush-at-end-" + what);
    }

}
