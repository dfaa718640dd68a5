package io.channelpulse.model;

import java.util.List;

/** Reference data for a partner: the channel it sells through and where it may sell. */
public record Partner(
        String partnerId,
        String channelId,
        ChannelType channelType,
        List<String> authorizedRegions,
        PartnerTier tier,
        String name) {}
