package io.channelpulse.job;

import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's type information for each input stream. It lives with the job, not with {@link
 * EventStream}, so the input contract in {@code core} carries no Flink classes. The type hints keep
 * {@code Parsed<T>}'s parameter, so Flink serializes the event as a POJO, never with Kryo.
 */
public final class StreamTypes {

    private static final Map<EventStream<?>, TypeInformation<?>> PARSED = Map.of(
            EventStream.POS_SALES, new TypeHint<Parsed<PosSale>>() {}.getTypeInfo(),
            EventStream.PRICES, new TypeHint<Parsed<PriceCheck>>() {}.getTypeInfo(),
            EventStream.INVENTORY, new TypeHint<Parsed<InventoryMovement>>() {}.getTypeInfo(),
            EventStream.ORDERS, new TypeHint<Parsed<OrderEvent>>() {}.getTypeInfo(),
            EventStream.CHANNEL_COSTS, new TypeHint<Parsed<ChannelCost>>() {}.getTypeInfo(),
            EventStream.GUIDE_PRICES, new TypeHint<Parsed<GuidePrice>>() {}.getTypeInfo(),
            EventStream.PARTNERS, new TypeHint<Parsed<Partner>>() {}.getTypeInfo());

    private StreamTypes() {}

    /** The type of a stream's parse results. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<Parsed<T>> parsed(EventStream<T> stream) {
        TypeInformation<?> type = PARSED.get(stream);
        if (type == null) {
            throw new IllegalArgumentException("no type information for stream " + stream);
        }
        return (TypeInformation<Parsed<T>>) type;
    }

    /** The type of a stream's events. */
    public static <T> TypeInformation<T> event(EventStream<T> stream) {
        return TypeInformation.of(stream.eventClass());
    }
}
