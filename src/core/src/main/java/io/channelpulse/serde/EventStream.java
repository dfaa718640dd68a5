package io.channelpulse.serde;

import io.channelpulse.config.InputBounds;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One of the seven input streams: its default name (the Kafka topic and replay file stem), its event
 * type, its parser and how to read its event time. Guide prices and partners are reference data
 * without an eventId, so they are never deduplicated or judged late, and they never advance event
 * time: a guide price's effectiveFrom says when it applies, not when it was published (it may be
 * backdated or announced ahead), so it versions the price but is not a watermark timestamp.
 */
public final class EventStream<T> implements Serializable {

    public static final EventStream<PosSale> POS_SALES =
            new EventStream<>("pos-sales", PosSale.class, EventParsers.POS_SALE_FIELDS, EventParsers::posSale, PosSale::eventTime, PosSale::eventId);
    public static final EventStream<PriceCheck> PRICES =
            new EventStream<>("prices", PriceCheck.class, EventParsers.PRICE_CHECK_FIELDS, EventParsers::priceCheck, PriceCheck::eventTime, PriceCheck::eventId);
    public static final EventStream<InventoryMovement> INVENTORY =
            new EventStream<>("inventory", InventoryMovement.class, EventParsers.INVENTORY_FIELDS, EventParsers::inventory, InventoryMovement::eventTime, InventoryMovement::eventId);
    public static final EventStream<OrderEvent> ORDERS =
            new EventStream<>("orders", OrderEvent.class, EventParsers.ORDER_FIELDS, EventParsers::order, OrderEvent::eventTime, OrderEvent::eventId);
    public static final EventStream<ChannelCost> CHANNEL_COSTS =
            new EventStream<>("channel-costs", ChannelCost.class, EventParsers.CHANNEL_COST_FIELDS, EventParsers::channelCost, ChannelCost::eventTime, ChannelCost::eventId);
    public static final EventStream<GuidePrice> GUIDE_PRICES =
            new EventStream<>("guide-prices", GuidePrice.class, EventParsers.GUIDE_PRICE_FIELDS, EventParsers::guidePrice, guide -> null, guide -> null);
    public static final EventStream<Partner> PARTNERS =
            new EventStream<>("partners", Partner.class, EventParsers.PARTNER_FIELDS, EventParsers::partner, partner -> null, partner -> null);

    public static final List<EventStream<?>> ALL =
            List.of(POS_SALES, PRICES, INVENTORY, ORDERS, CHANNEL_COSTS, GUIDE_PRICES, PARTNERS);

    /** Parses the fields of one JSON object. */
    @FunctionalInterface
    interface FieldParser<T> extends Serializable {
        T parse(Fields fields) throws InvalidRecordException;
    }

    /** Reads the event time used for watermarks, or null for untimed reference data. */
    @FunctionalInterface
    public interface TimeOf<T> extends Function<T, Instant>, Serializable {}

    /** Reads the eventId, or null for reference data. */
    @FunctionalInterface
    public interface IdOf<T> extends Function<T, String>, Serializable {}

    private final String name;
    private final Class<T> eventClass;
    private final String[] fieldNames;
    private final FieldParser<T> parser;
    private final TimeOf<T> timeOf;
    private final IdOf<T> idOf;

    private EventStream(
            String name,
            Class<T> eventClass,
            List<String> fieldNames,
            FieldParser<T> parser,
            TimeOf<T> timeOf,
            IdOf<T> idOf) {
        this.name = name;
        this.eventClass = eventClass;
        this.fieldNames = fieldNames.toArray(String[]::new);
        this.parser = parser;
        this.timeOf = timeOf;
        this.idOf = idOf;
    }

    /** The eventId used for deduplication, or null for reference data. */
    public String idOf(T event) {
        return idOf.apply(event);
    }

    /** The top-level fields this stream's parser reads (shared: do not modify). */
    String[] fieldNames() {
        return fieldNames;
    }

    /** The default topic name and replay file stem. */
    public String name() {
        return name;
    }

    /** The record class of this stream's events. */
    public Class<T> eventClass() {
        return eventClass;
    }

    public TimeOf<T> timeOf() {
        return timeOf;
    }

    /** Event time in epoch millis for watermarking; dead letters and reference data get MIN. */
    public long timestampOf(Parsed<T> parsed) {
        if (parsed.isOk()) {
            Instant time = timeOf.apply(parsed.event());
            if (time != null) {
                return time.toEpochMilli();
            }
        }
        return Long.MIN_VALUE;
    }

    /** Whether this stream has events with eventIds and event times (not reference data). */
    public boolean isEventStream() {
        return this != GUIDE_PRICES && this != PARTNERS;
    }

    /** Parses one payload with the default bounds and no wall-clock check; never throws. */
    public Parsed<T> parse(String payload, RecordOrigin origin) {
        return parse(payload, origin, InputBounds.defaults(), null);
    }

    /**
     * Parses one payload; never throws.
     *
     * @param notAfter live only: the latest acceptable event time (wall clock plus {@code
     *     input.max-future-skew}); null in replay, where the wall clock means nothing
     */
    public Parsed<T> parse(String payload, RecordOrigin origin, InputBounds bounds, Instant notAfter) {
        return EventDeserializer.parse(this, parser, payload, origin, bounds, notAfter);
    }

    @Override
    public String toString() {
        return name;
    }

    private Object readResolve() {
        for (EventStream<?> stream : ALL) {
            if (stream.name.equals(name)) {
                return stream;
            }
        }
        return this;
    }
}
