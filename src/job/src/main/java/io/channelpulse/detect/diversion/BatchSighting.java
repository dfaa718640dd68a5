package io.channelpulse.detect.diversion;

import io.channelpulse.detect.price.CheckedPrice;
import io.channelpulse.detect.price.PriceObservation;
import io.channelpulse.model.InventoryMovement;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A batch turning up somewhere: a RECEIPT into an outlet, or a SALE of a unit from it. Sales carry
 * their price verdict, because a diverted batch sold below guide is critical.
 */
public record BatchSighting(
        String eventId,
        Instant eventTime,
        String batchCode,
        String type,
        String channelId,
        String partnerId,
        String outletId,
        String regionId,
        String sku,
        BigDecimal observedPrice,
        BigDecimal guidePrice,
        BigDecimal discount,
        boolean belowGuide) {

    public static final String RECEIPT = "RECEIPT";
    public static final String SALE = "SALE";

    public static BatchSighting receipt(InventoryMovement m) {
        return new BatchSighting(
                m.eventId(), m.eventTime(), m.batchCode(), RECEIPT, m.channelId(), m.partnerId(),
                m.outletId(), m.regionId(), m.sku(), null, null, null, false);
    }

    public static BatchSighting sale(CheckedPrice checked) {
        PriceObservation o = checked.observation();
        return new BatchSighting(
                o.eventId(), o.eventTime(), o.batchCode(), SALE, o.channelId(), o.partnerId(),
                o.outletId(), o.regionId(), o.sku(), o.price(), checked.guidePrice(),
                checked.discount(), checked.isBelowGuide());
    }

    public boolean isReceipt() {
        return RECEIPT.equals(type);
    }
}
