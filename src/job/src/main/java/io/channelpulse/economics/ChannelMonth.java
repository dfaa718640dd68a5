package io.channelpulse.economics;

import java.time.Instant;
import java.util.List;

/**
 * One channel's closed business month, written by {@link MonthlyLedger} when the watermark passes
 * the month's close instant ({@code closeAt}, also its timestamp). Partners and outlets are sorted by
 * id, so everything computed from it is in a fixed order.
 */
public record ChannelMonth(
        String channelId, String period, Instant closeAt, Totals totals, List<PartnerMonth> partners, List<OutletMonth> outlets) {}
