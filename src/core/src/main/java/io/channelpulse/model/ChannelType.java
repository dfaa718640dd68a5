package io.channelpulse.model;

/** The kind of sales channel a partner sells through. */
public enum ChannelType {
    ONLINE,
    DEALER,
    DIRECT_STORE,
    SUPERMARKET,
    OTHER
}
