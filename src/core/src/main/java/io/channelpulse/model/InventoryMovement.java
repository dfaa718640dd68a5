package io.channelpulse.model;

import java.time.Instant;

/**
 * An inventory event from the {@code inventory} stream. A RECEIPT carries {@code quantity}; a
 * SNAPSHOT carries {@code onHand}. The field that does not apply is zero.
 */
public record InventoryMovement(
        String eventId,
        Instant eventTime,
        String channelId,
        String partnerId,
        String outletId,
        String regionId,
        String sku,
        MovementType movement,
        long quantity,
        long onHand,
        String batchCode) {}
