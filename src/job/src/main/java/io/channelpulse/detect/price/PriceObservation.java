package io.channelpulse.detect.price;

import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One observed selling price: a {@code prices} check or the unit price of a {@code pos-sales}
 * line. {@code source} is {@code POS} for sales, otherwise the check's source (WEB, SHELF, ...).
 */
public record PriceObservation(
        String eventId,
        Instant eventTime,
        String channelId,
        String partnerId,
        String outletId,
        String regionId,
        String sku,
        BigDecimal price,
        String currency,
        String source,
        String batchCode) {

    public static final String POS = "POS";

    public static PriceObservation of(PosSale sale) {
        return new PriceObservation(
                sale.eventId(), sale.eventTime(), sale.channelId(), sale.partnerId(),
                sale.outletId(), sale.regionId(), sale.sku(), sale.unitPrice(), sale.currency(),
                POS, sale.batchCode());
    }

    public static PriceObservation of(PriceCheck check) {
        return new PriceObservation(
                check.eventId(), check.eventTime(), check.channelId(), check.partnerId(),
                check.outletId(), check.regionId(), check.sku(), check.price(), check.currency(),
                check.source() == null ? "CHECK" : check.source(), null);
    }

    public boolean isSale() {
        return POS.equals(source);
    }
}
