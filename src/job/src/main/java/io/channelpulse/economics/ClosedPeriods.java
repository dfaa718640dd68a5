package io.channelpulse.economics;

import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.serde.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a cost booked too late for its month into a dead letter, before admission: one whose
 * eventTime is at or after its period's close instant ({@code period-closed}); the month's figures
 * were final then. One booked for a period more than {@value #MAX_LEAD_MONTHS} months after its
 * booking month is {@code out-of-range}: it would keep state and a timer for that long. The check
 * reads only the record and the configuration, so replay and live decide alike; the route step
 * after it counts and side-outputs the dead letter with the record's origin.
 */
public final class ClosedPeriods extends ProcessFunction<Parsed<ChannelCost>, Parsed<ChannelCost>> {

    public static final String UID = "closed-periods-channel-costs";
    public static final String NAME = "Costs booked after their month closed";
    static final long MAX_LEAD_MONTHS = 12;

    private final ZoneId zone;
    private final Duration grace;

    public ClosedPeriods(ZoneId zone, Duration grace) {
        this.zone = zone;
        this.grace = grace;
    }

    @Override
    public void processElement(Parsed<ChannelCost> parsed, Context ctx, Collector<Parsed<ChannelCost>> out) {
        if (!parsed.isOk()) {
            out.collect(parsed);
            return;
        }
        ChannelCost cost = parsed.event();
        Instant closeAt = BusinessMonths.closeAt(cost.period(), zone, grace);
        long lead = BusinessMonths.between(BusinessMonths.periodOf(cost.eventTime(), zone), cost.period());
        if (!cost.eventTime().isBefore(closeAt)) {
            out.collect(Parsed.bad(parsed.origin().deadLetter(DeadLetter.PERIOD_CLOSED, "eventTime",
                    "period-closed: booked at " + cost.eventTime() + ", at or after period " + cost.period()
                            + " closed at " + closeAt + " (its end plus economics.close-grace " + grace + ")",
                    cost.eventTime(), parsed.payload())));
        } else if (lead > MAX_LEAD_MONTHS) {
            out.collect(Parsed.bad(parsed.origin().deadLetter(DeadLetter.OUT_OF_RANGE, "period",
                    "field 'period' is " + lead + " months after the booking month; at most " + MAX_LEAD_MONTHS + " ahead",
                    cost.eventTime(), parsed.payload())));
        } else {
            out.collect(parsed);
        }
    }
}
