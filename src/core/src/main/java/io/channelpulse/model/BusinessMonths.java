package io.channelpulse.model;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Business months: calendar months in the business time zone ({@code business.time-zone}). A month
 * closes at its end plus the close grace ({@code economics.close-grace}), because costs are booked
 * late; its figures are final from then on. Periods are written {@code YYYY-MM}.
 */
public final class BusinessMonths {

    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("uuuu-MM");

    private BusinessMonths() {}

    /** The business month holding {@code instant}, as {@code YYYY-MM}. */
    public static String periodOf(Instant instant, ZoneId zone) {
        return YearMonth.from(instant.atZone(zone)).format(PERIOD);
    }

    /** The first instant of {@code period}. */
    public static Instant start(String period, ZoneId zone) {
        return YearMonth.parse(period, PERIOD).atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The first instant after {@code period}: the next month's start. */
    public static Instant end(String period, ZoneId zone) {
        return YearMonth.parse(period, PERIOD).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    /** When {@code period} closes: its end plus {@code grace}. A cost booked at or after it is too late. */
    public static Instant closeAt(String period, ZoneId zone, Duration grace) {
        return end(period, zone).plus(grace);
    }

    /** The period {@code months} after {@code period} (negative: before). */
    public static String plus(String period, long months) {
        return YearMonth.parse(period, PERIOD).plusMonths(months).format(PERIOD);
    }

    /** Months from {@code from} to {@code to}: 0 for the same month, 1 for the next. */
    public static long between(String from, String to) {
        return java.time.temporal.ChronoUnit.MONTHS.between(YearMonth.parse(from, PERIOD), YearMonth.parse(to, PERIOD));
    }
}
