package io.channelpulse.model;

/** What a booked channel cost paid for; {@code COGS} is the cost of the goods sold. */
public enum CostCategory {
    COGS,
    MARKETING,
    REBATE,
    LOGISTICS,
    STAFF,
    RENT,
    OTHER
}
