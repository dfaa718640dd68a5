package io.channelpulse.model;

/** The detection rules that raise alerts. */
public enum Rule {
    PRICE_BELOW_GUIDE,
    CROSS_CHANNEL_DIVERSION,
    ORDER_RESPONSE_SLA,
    /** A channel whose sales share of a closed month is below, and cost share above, the plan's limits. */
    INEFFICIENT_CHANNEL,
    /** A direct store with the plan's number of consecutive loss-making months. */
    STORE_CLOSURE_CANDIDATE,
    /** A partner (of the listed channel types) whose revenue over its costs is below the threshold. */
    PARTNER_ROI_BELOW_ONE;

    /** Whether this rule judges closed business months (the channel plan's economics). */
    public boolean isEconomics() {
        return this == INEFFICIENT_CHANNEL || this == STORE_CLOSURE_CANDIDATE || this == PARTNER_ROI_BELOW_ONE;
    }
}
