package io.channelpulse.model;

/** Why a batch sighting counts as diversion (窜货). CROSS_CHANNEL wins when both hold. */
public enum DiversionKind {
    CROSS_CHANNEL,
    CROSS_REGION
}
