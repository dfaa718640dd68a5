package io.channelpulse.detect.diversion;

import io.channelpulse.model.AlertIds;
import io.channelpulse.detect.EventTimeBuffer;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.DiversionKind;
import io.channelpulse.model.Partner;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * CROSS_CHANNEL_DIVERSION (窜货), keyed by batchCode, with partners as broadcast reference data.
 *
 * <p>Sightings wait for the watermark and are then handled in event-time order (receipts before
 * sales at the same instant, then by eventId), because "the first RECEIPT by event time" decides
 * the allocation and must not depend on arrival order. A later sale or receipt by another partner
 * outside the allocated channel or authorized regions is diverted: it is counted on a side output
 * for the KPIs, and fires once per (batch, diverting partner). Everything about a batch is dropped
 * when the watermark passes allocation + horizon, so state does not grow with history. Sightings
 * share one timer per batch ({@link EventTimeBuffer}), not one per sighting.
 *
 * <p>Not a CEP pattern: which receipt is the allocation is a fact about the whole key's history
 * ("first ever"), which a pattern cannot express and CEP functions cannot keep in state.
 */
public final class DiversionDetector
        extends KeyedBroadcastProcessFunction<String, BatchSighting, Partner, Alert> {

    public static final String UID = "cross-channel-diversion";
    public static final String NAME = "CROSS_CHANNEL_DIVERSION (by batch)";

    /** Partners by partnerId, broadcast to every instance. */
    public static final MapStateDescriptor<String, Partner> PARTNERS =
            new MapStateDescriptor<>("partners", Types.STRING, Types.POJO(Partner.class));

    /** Every diverted sighting, including repeats that raise no new alert; feeds the KPIs. */
    public static final OutputTag<BatchSighting> DIVERTED =
            new OutputTag<>("diverted-sightings", TypeInformation.of(BatchSighting.class));

    private static final Comparator<BatchSighting> PROCESSING_ORDER =
            Comparator.comparing((BatchSighting s) -> s.isReceipt() ? 0 : 1)
                    .thenComparing(BatchSighting::eventId);

    private final long horizonMillis;

    private transient EventTimeBuffer<BatchSighting> waiting;
    private transient ValueState<BatchSighting> allocation;
    private transient MapState<String, Boolean> alerted;

    public DiversionDetector(Duration horizon) {
        this.horizonMillis = horizon.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = new EventTimeBuffer<>(getRuntimeContext(), "waiting-sightings", Types.POJO(BatchSighting.class));
        allocation = getRuntimeContext().getState(
                new ValueStateDescriptor<>("allocation", Types.POJO(BatchSighting.class)));
        alerted = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("alerted-partners", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(BatchSighting sighting, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        waiting.add(sighting, ctx.timestamp(), ctx.timerService());
    }

    @Override
    public void processBroadcastElement(Partner partner, Context ctx, Collector<Alert> out)
            throws Exception {
        ctx.getBroadcastState(PARTNERS).put(partner.partnerId(), partner);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        // Groups come in event-time order, and an allocation expires between them exactly where
        // its own timer fired when every timestamp had a timer: after the group at its expiry.
        ReadOnlyBroadcastState<String, Partner> partners = ctx.getBroadcastState(PARTNERS);
        waiting.releaseDue(ctx.timerService(), (time, due) -> {
            expireBy(time - 1);
            due.sort(PROCESSING_ORDER);
            EventTimeBuffer.stamp(out, time);
            for (BatchSighting sighting : due) {
                handle(sighting, partners, ctx, out);
            }
            expireBy(time);
        });
        expireBy(ctx.timerService().currentWatermark());
    }

    /** Forgets the batch if its allocation expired at or before {@code time}. */
    private void expireBy(long time) throws Exception {
        BatchSighting allocated = allocation.value();
        if (allocated != null && time >= expiry(allocated)) {
            allocation.clear();
            alerted.clear();
        }
    }

    private void handle(
            BatchSighting sighting,
            ReadOnlyBroadcastState<String, Partner> partners,
            OnTimerContext ctx,
            Collector<Alert> out)
            throws Exception {
        BatchSighting allocated = allocation.value();
        if (allocated == null) {
            if (sighting.isReceipt()) {
                allocation.update(sighting);
                ctx.timerService().registerEventTimeTimer(expiry(sighting));
            }
            return; // a sale before any receipt has nothing to be diverted from
        }
        if (sighting.eventTime().toEpochMilli() > expiry(allocated)) {
            return;
        }
        Allocation where = Allocation.of(allocated, partners.get(allocated.partnerId()));
        DiversionKind kind = where.diversionOf(sighting);
        if (kind == null) {
            return;
        }
        ctx.output(DIVERTED, sighting);
        if (!alerted.contains(sighting.partnerId())) {
            alerted.put(sighting.partnerId(), true);
            out.collect(alert(where, sighting, kind));
        }
    }

    private long expiry(BatchSighting allocated) {
        return allocated.eventTime().toEpochMilli() + horizonMillis;
    }

    static Alert alert(Allocation where, BatchSighting sighting, DiversionKind kind) {
        BatchSighting receipt = where.receipt();
        String summary = String.format(
                "Batch %s allocated to partner %s (channel %s, regions %s) %s by partner %s in channel %s, region %s (%s)",
                sighting.batchCode(), receipt.partnerId(), where.channelId(), where.regions(),
                sighting.isReceipt() ? "received" : "sold", sighting.partnerId(),
                sighting.channelId(), sighting.regionId(),
                kind == DiversionKind.CROSS_CHANNEL ? "cross-channel" : "cross-region");
        return new Alert(
                // The allocating receipt is part of the id: once a batch is forgotten after the horizon
                // and allocated afresh, a new diversion is a new incident.
                AlertIds.of(Rule.CROSS_CHANNEL_DIVERSION, sighting.batchCode(), sighting.partnerId(), receipt.eventId()),
                Rule.CROSS_CHANNEL_DIVERSION,
                AlertStatus.FIRING,
                sighting.belowGuide() ? Severity.CRITICAL : Severity.WARNING,
                sighting.eventTime(),
                null,
                sighting.channelId(),
                null, // channelType: filled by AlertChannelType
                sighting.partnerId(),
                sighting.regionId(),
                sighting.outletId(),
                sighting.sku(),
                null,
                sighting.batchCode(),
                summary,
                AlertDetails.diversion(
                        kind, receipt.partnerId(), where.channelId(), where.regions(),
                        sighting.type(), sighting.observedPrice(), sighting.guidePrice(),
                        sighting.discount()),
                List.of(receipt.eventId(), sighting.eventId()));
    }
}
