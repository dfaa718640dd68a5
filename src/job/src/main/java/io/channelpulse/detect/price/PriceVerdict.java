package io.channelpulse.detect.price;

/** Outcome of comparing one observation with the guide price in force at its event time. */
public enum PriceVerdict {
    COMPLIANT,
    BELOW_GUIDE,
    /** No guide price in force for the SKU at that time: not checked. */
    NO_GUIDE,
    /** Observation and guide are in different currencies: not checked. */
    CURRENCY_MISMATCH;

    public boolean isChecked() {
        return this == COMPLIANT || this == BELOW_GUIDE;
    }
}
