package io.channelpulse.model;

/** Partner tier from the channel plan: core is the top 20% by revenue, quality the next 30%. */
public enum PartnerTier {
    CORE,
    QUALITY,
    BASIC
}
