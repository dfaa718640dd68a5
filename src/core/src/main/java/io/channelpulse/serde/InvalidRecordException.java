package io.channelpulse.serde;

/**
 * A record that breaks the input contract. Carries a reason code (see {@link
 * io.channelpulse.model.DeadLetter}), the offending field, and a message that names it.
 */
public final class InvalidRecordException extends Exception {

    private final String reason;
    private final String field;

    public InvalidRecordException(String reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public String reason() {
        return reason;
    }

    /** The offending field, or null when the record as a whole is bad (for example not JSON). */
    public String field() {
        return field;
    }
}
