package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param maxCostAmount largest absolute amount of one booked cost (costs may be negative corrections)
 * @param maxQuantity largest quantity or on-hand count
 * @param earliestEventTime first event time accepted (inclusive), in every mode
 * @param latestEventTime end of the accepted event times (exclusive), in every mode
 * @param maxFutureSkew live only: how far ahead of the wall clock an event time may be
 * @param maxDeadLetterPayload bytes of the raw payload a dead letter keeps (UTF-8)
 */
public record InputBounds(
        int moneyScale,
        BigDecimal maxUnitPrice,
        BigDecimal maxCostAmount,
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
                new BigDecimal("1000000000000"),
                1_000_000L,
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2100-01-01T00:00:00Z"),
                Duration.ofMinutes(10),
                16 * 1024);
    }

    @JsonCreator
    static InputBounds bind(
            @JsonProperty("money-scale") Long moneyScale,
            @JsonProperty("max-unit-price") BigDecimal maxUnitPrice,
            @JsonProperty("max-cost-amount") BigDecimal maxCostAmount,
            @JsonProperty("max-quantity") Long maxQuantity,
            @JsonProperty("earliest-event-time") Instant earliestEventTime,
            @JsonProperty("latest-event-time") Instant latestEventTime,
            @JsonProperty("max-future-skew") Duration maxFutureSkew,
            @JsonProperty("max-dead-letter-payload") Long maxDeadLetterPayload) {
        InputBounds d = defaults();
        if (maxUnitPrice != null && (maxUnitPrice.signum() <= 0 || maxUnitPrice.precision() - maxUnitPrice.scale() > 15)) {
            throw new ConfigException("max-unit-price", "must be > 0 and below 10^15, got " + maxUnitPrice.toPlainString());
        }
        if (maxCostAmount != null && (maxCostAmount.signum() <= 0 || maxCostAmount.precision() - maxCostAmount.scale() > 15)) {
            // toString, not toPlainString: 1e999999999 in plain form would be a billion digits
            throw new ConfigException("max-cost-amount", "must be > 0 and below 10^15, got " + maxCostAmount);
        }
        Instant earliest = Require.orDefault(earliestEventTime, d.earliestEventTime());
        Instant latest = Require.orDefault(latestEventTime, d.latestEventTime());
        if (!latest.isAfter(earliest)) {
            throw new ConfigException("latest-event-time", "must be after input.earliest-event-time (" + earliest + ")");
        }
        return new InputBounds(
                (int) Require.range("money-scale", moneyScale, d.moneyScale(), 0, 18),
                Require.orDefault(maxUnitPrice, d.maxUnitPrice()),
                Require.orDefault(maxCostAmount, d.maxCostAmount()),
                Require.range("max-quantity", maxQuantity, d.maxQuantity(), 1, Integer.MAX_VALUE),
                earliest,
                latest,
                Require.orDefault(maxFutureSkew, d.maxFutureSkew()),
                (int) Require.range("max-dead-letter-payload", maxDeadLetterPayload, d.maxDeadLetterPayload(), 256, 512 * 1024));
    }

    public InputBounds withMaxFutureSkew(Duration skew) {
        return new InputBounds(moneyScale, maxUnitPrice, maxCostAmount, maxQuantity, earliestEventTime,
                latestEventTime, skew, maxDeadLetterPayload);
    }

    public InputBounds withMaxDeadLetterPayload(int bytes) {
        return new InputBounds(moneyScale, maxUnitPrice, maxCostAmount, maxQuantity, earliestEventTime,
                latestEventTime, maxFutureSkew, bytes);
    }
}
