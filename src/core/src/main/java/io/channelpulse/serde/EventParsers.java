package io.channelpulse.serde;

import static io.channelpulse.model.DeadLetter.CONSTRAINT;

import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.CostCategory;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.MovementType;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.OrderStatus;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import java.util.List;

/**
 * The input contract, one method per stream. Each turns a JSON object into an event or throws an
 * {@link InvalidRecordException} naming the field. Unknown fields are ignored. Fields are checked
 * in the order written here, so when several are bad the first one in this order is reported.
 */
public final class EventParsers {

    private EventParsers() {}

    // The fields each parser reads: the only top-level values Fields.read keeps (others are
    // checked for valid JSON and dropped). A field a parser reads but its list lacks would always
    // be missing, so every valid record of that stream would be dead-lettered; the tests would say.
    static final List<String> POS_SALE_FIELDS = List.of("eventId", "eventTime", "channelId", "partnerId",
            "outletId", "regionId", "sku", "quantity", "unitPrice", "currency", "batchCode");
    static final List<String> PRICE_CHECK_FIELDS = List.of("eventId", "eventTime", "channelId", "partnerId",
            "outletId", "regionId", "sku", "price", "currency", "source");
    static final List<String> INVENTORY_FIELDS = List.of("eventId", "eventTime", "channelId", "partnerId",
            "outletId", "regionId", "sku", "movement", "quantity", "onHand", "batchCode");
    static final List<String> ORDER_FIELDS = List.of("eventId", "eventTime", "orderId", "channelId", "partnerId",
            "status");
    static final List<String> CHANNEL_COST_FIELDS = List.of("eventId", "eventTime", "period", "channelId",
            "partnerId", "outletId", "category", "amount", "currency");
    static final List<String> GUIDE_PRICE_FIELDS = List.of("sku", "guidePrice", "currency", "effectiveFrom");
    static final List<String> PARTNER_FIELDS = List.of("partnerId", "channelId", "channelType", "authorizedRegions",
            "tier", "name");

    static PosSale posSale(Fields f) throws InvalidRecordException {
        return new PosSale(
                f.text("eventId"),
                f.time("eventTime"),
                f.text("channelId"),
                f.text("partnerId"),
                f.text("outletId"),
                f.text("regionId"),
                f.text("sku"),
                f.positiveInt("quantity"),
                f.positiveMoney("unitPrice"),
                f.currency("currency"),
                f.optionalText("batchCode"));
    }

    static PriceCheck priceCheck(Fields f) throws InvalidRecordException {
        return new PriceCheck(
                f.text("eventId"),
                f.time("eventTime"),
                f.text("channelId"),
                f.text("partnerId"),
                f.text("outletId"),
                f.text("regionId"),
                f.text("sku"),
                f.positiveMoney("price"),
                f.currency("currency"),
                f.optionalText("source"));
    }

    static InventoryMovement inventory(Fields f) throws InvalidRecordException {
        String eventId = f.text("eventId");
        var eventTime = f.time("eventTime");
        String channelId = f.text("channelId");
        String partnerId = f.text("partnerId");
        String outletId = f.text("outletId");
        String regionId = f.text("regionId");
        String sku = f.text("sku");
        MovementType movement = f.enumValue("movement", MovementType.class);
        long quantity = 0;
        long onHand = 0;
        if (movement == MovementType.RECEIPT) {
            quantity = f.positiveInt("quantity");
        } else {
            onHand = f.nonNegativeLong("onHand");
        }
        return new InventoryMovement(
                eventId, eventTime, channelId, partnerId, outletId, regionId, sku, movement,
                quantity, onHand, f.optionalText("batchCode"));
    }

    static OrderEvent order(Fields f) throws InvalidRecordException {
        return new OrderEvent(
                f.text("eventId"),
                f.time("eventTime"),
                f.text("orderId"),
                f.text("channelId"),
                f.text("partnerId"),
                f.enumValue("status", OrderStatus.class));
    }

    /** A booked cost; the amount may be negative (a correction) or zero, and is bounded both ways. */
    static ChannelCost channelCost(Fields f) throws InvalidRecordException {
        return new ChannelCost(
                f.text("eventId"),
                f.time("eventTime"),
                f.period("period"),
                f.text("channelId"),
                f.optionalText("partnerId"),
                f.optionalText("outletId"),
                f.enumValue("category", CostCategory.class),
                f.signedAmount("amount"),
                f.currency("currency"));
    }

    static GuidePrice guidePrice(Fields f) throws InvalidRecordException {
        return new GuidePrice(
                f.text("sku"),
                f.positiveMoney("guidePrice"),
                f.currency("currency"),
                f.time("effectiveFrom"));
    }

    static Partner partner(Fields f) throws InvalidRecordException {
        String partnerId = f.text("partnerId");
        String channelId = f.text("channelId");
        ChannelType channelType = f.enumValue("channelType", ChannelType.class);
        List<String> regions = f.textArray("authorizedRegions");
        PartnerTier tier = f.optionalEnum("tier", PartnerTier.class);
        String name = f.optionalText("name");
        if (regions.stream().distinct().count() != regions.size()) {
            throw new InvalidRecordException(
                    CONSTRAINT, "authorizedRegions", "field 'authorizedRegions' must not repeat a region");
        }
        return new Partner(partnerId, channelId, channelType, List.copyOf(regions), tier, name);
    }
}
