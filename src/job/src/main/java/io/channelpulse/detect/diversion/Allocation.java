package io.channelpulse.detect.diversion;

import io.channelpulse.model.DiversionKind;
import io.channelpulse.model.Partner;
import java.util.List;

/**
 * Where a batch is allowed to be: the partner of its first receipt, that partner's channel and
 * authorized regions. When the partner is unknown, the receipt's own channel and region stand in.
 */
record Allocation(BatchSighting receipt, String channelId, List<String> regions) {

    static Allocation of(BatchSighting receipt, Partner partner) {
        if (partner == null) {
            return new Allocation(receipt, receipt.channelId(), List.of(receipt.regionId()));
        }
        return new Allocation(receipt, partner.channelId(), partner.authorizedRegions());
    }

    /** The kind of diversion a sighting by another partner represents, or null if none. */
    DiversionKind diversionOf(BatchSighting sighting) {
        if (sighting.partnerId().equals(receipt.partnerId())) {
            return null;
        }
        if (!sighting.channelId().equals(channelId)) {
            return DiversionKind.CROSS_CHANNEL;
        }
        if (!regions.contains(sighting.regionId())) {
            return DiversionKind.CROSS_REGION;
        }
        return null;
    }
}
