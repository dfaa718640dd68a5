package io.channelpulse.serde;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * What the job accepts from its inputs. Every number that could overflow or explode downstream is
 * bounded here, at the edge, so a hostile record becomes a dead letter instead of an exception.
 *
 * @param moneyScale most decimal places a money field may have
 * @param maxUnitPrice largest unit, shelf or guide price
 * @param maxQuantity largest quantity or on-hand count
 * @param earliestEventTime first event time accepted (inclusive), in every mode
 * @param latestEventTime end of the accepted event times (exclusive), in every mode
 * @param maxFutureSkew live only: how far ahead of the wall clock an event time may be
 * @param maxDeadLetterPayload bytes of the raw payload a dead letter keeps (UTF-8)
 */
public record InputBounds(
        int moneyScale,
        BigDecimal maxUnitPrice,
        long maxQuantity,
        Instant earliestEventTime,
        Instant latestEventTime,
        Duration maxFutureSkew,
        int maxDeadLetterPayload)
        implements Serializable {

    public static InputBounds defaults() {
        return new InputBounds(
                4,
                new BigDecimal("10000000"),
                1_000_000L,
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2100-01-01T00:00:00Z"),
                Duration.ofMinutes(10),
                16 * 1024);
    }

    public InputBounds withMaxFutureSkew(Duration skew) {
        return new InputBounds(moneyScale, maxUnitPrice, maxQuantity, earliestEventTime,
                latestEventTime, skew, maxDeadLetterPayload);
    }

    public InputBounds withMaxDeadLetterPayload(int bytes) {
        return new InputBounds(moneyScale, maxUnitPrice, maxQuantity, earliestEventTime,
                latestEventTime, maxFutureSkew, bytes);
    }
}
