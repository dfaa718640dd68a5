package io.channelpulse.gateway;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTierRecord;

/** Receives the job's committed output as the gateway reads it. */
public interface OutputListener {
    void onKpi(ChannelKpi kpi);

    void onAlert(Alert alert);

    /** A record of the {@code partner-tiers} topic (the channel plan's tier table and changes). */
    default void onPartnerTier(PartnerTierRecord tier) {}

    /** A record of the {@code channel-economics} topic (one channel's closed business month). */
    default void onChannelEconomics(ChannelEconomics economics) {}
}
