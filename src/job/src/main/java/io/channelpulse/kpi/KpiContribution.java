package io.channelpulse.kpi;

import io.channelpulse.detect.diversion.BatchSighting;
import io.channelpulse.detect.price.CheckedPrice;
import io.channelpulse.detect.sla.OrderResponse;
import io.channelpulse.model.Alert;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.MovementType;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import io.channelpulse.model.PosSale;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One fact's contribution to its channel's KPIs, at the business time it belongs to (a sale's
 * time, a response's answer time, a breach's deadline). Every input and every derived fact becomes
 * one of these, so a single windowed aggregation computes all KPIs.
 */
public record KpiContribution(
        String channelId,
        Instant eventTime,
        long transactions,
        long unitsSold,
        BigDecimal revenue,
        long priceChecks,
        long belowGuide,
        long uncheckedPrices,
        long ordersCreated,
        long ordersAnswered,
        Long responseSeconds,
        long slaBreaches,
        long stockOutSnapshots,
        long divertedSightings) {

    public static KpiContribution sale(PosSale sale) {
        return new KpiContribution(
                sale.channelId(), sale.eventTime(), 1, sale.quantity(),
                sale.unitPrice().multiply(BigDecimal.valueOf(sale.quantity())),
                0, 0, 0, 0, 0, null, 0, 0, 0);
    }

    public static KpiContribution priceCheck(CheckedPrice checked) {
        boolean isChecked = checked.verdict().isChecked();
        return new KpiContribution(
                checked.observation().channelId(), checked.observation().eventTime(), 0, 0,
                BigDecimal.ZERO, isChecked ? 1 : 0, checked.isBelowGuide() ? 1 : 0,
                isChecked ? 0 : 1, 0, 0, null, 0, 0, 0);
    }

    /**
     * Every order event marks its channel's window as having input; only CREATED counts. Answers
     * contribute through {@link #response} once it is known which one came first.
     */
    public static KpiContribution order(OrderEvent order) {
        return new KpiContribution(
                order.channelId(), order.eventTime(), 0, 0, BigDecimal.ZERO, 0, 0, 0,
                order.status() == OrderStatus.CREATED ? 1 : 0, 0, null, 0, 0, 0);
    }

    public static KpiContribution response(OrderResponse response) {
        return new KpiContribution(
                response.channelId(), response.respondedAt(), 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 1,
                response.responseSeconds(), 0, 0, 0);
    }

    /** An SLA breach counts in the window that contains its deadline (the alert's eventTime). */
    public static KpiContribution slaBreach(Alert firing) {
        return new KpiContribution(
                firing.channelId(), firing.eventTime(), 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, null, 1, 0, 0);
    }

    /** Every inventory event marks its window as having input; snapshots with nothing on hand are stock-outs. */
    public static KpiContribution inventory(InventoryMovement movement) {
        boolean stockOut = movement.movement() == MovementType.SNAPSHOT && movement.onHand() == 0;
        return new KpiContribution(
                movement.channelId(), movement.eventTime(), 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, null, 0,
                stockOut ? 1 : 0, 0);
    }

    public static KpiContribution diverted(BatchSighting sighting) {
        return new KpiContribution(
                sighting.channelId(), sighting.eventTime(), 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, null, 0, 0, 1);
    }
}
