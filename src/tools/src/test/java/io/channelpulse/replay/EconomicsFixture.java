package io.channelpulse.replay;

import io.channelpulse.model.BusinessMonths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Eight business months (2026-01 to 2026-08, Asia/Shanghai, 5 days' grace) for the channel plan,
 * as replay files; the live test produces the same files to Kafka.
 *
 * <ul>
 *   <li>CH-A (dealer, P-A): 9,000 revenue and 5,000 costs a month.
 *   <li>CH-X (dealer, P-X): 200 revenue, 1,000 costs: about 2% of sales and 13% of costs, inefficient.
 *   <li>CH-S (supermarket, P-S): 100 revenue, 300 costs: ROI 0.33.
 *   <li>CH-D (direct stores of P-D): O-D1 loses 100 a month for six months, makes 100 in the
 *       seventh, loses again in the eighth; O-D2 loses five months, has no activity in the sixth,
 *       then loses two more: no streak of six.
 *   <li>January's books get one more unit of cost one millisecond before the close, and a large
 *       cost at the close (period-closed); a sale on 2026-09-07 moves event time past August's close.
 * </ul>
 */
public final class EconomicsFixture {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration GRACE = Duration.ofDays(5);

    private EconomicsFixture() {}

    public static Instant closeOf(String period) {
        return BusinessMonths.closeAt(period, ZONE, GRACE);
    }

    /** Writes the eight months (replay files, in event-time order) into {@code in}. */
    public static Path writeInput(Path in) throws Exception {
        Files.write(in.resolve("partners.jsonl"), List.of(
                partner("P-A", "CH-A", "DEALER"), partner("P-X", "CH-X", "DEALER"),
                partner("P-S", "CH-S", "SUPERMARKET"), partner("P-D", "CH-D", "DIRECT_STORE")), StandardCharsets.UTF_8);
        List<String> sales = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        for (int m = 1; m <= 8; m++) {
            String period = String.format("2026-%02d", m);
            Instant sold = BusinessMonths.start(period, ZONE).plus(Duration.ofDays(9));
            Instant booked = BusinessMonths.start(period, ZONE).plus(Duration.ofDays(19));
            sales.add(sale("s-a-" + m, sold, "CH-A", "P-A", "O-A", 9, "1000"));
            costs.add(cost("c-a-" + m, booked, period, "CH-A", "P-A", null, "5000"));
            sales.add(sale("s-x-" + m, sold, "CH-X", "P-X", "O-X", 2, "100"));
            costs.add(cost("c-x-" + m, booked, period, "CH-X", "P-X", null, "1000"));
            sales.add(sale("s-s-" + m, sold, "CH-S", "P-S", "O-S", 1, "100"));
            costs.add(cost("c-s-" + m, booked, period, "CH-S", "P-S", null, "300"));
            sales.add(sale("s-d1-" + m, sold, "CH-D", "P-D", "O-D1", 5, m == 7 ? "140" : "100"));
            costs.add(cost("c-d1-" + m, booked, period, "CH-D", "P-D", "O-D1", "600"));
            if (m != 6) {
                sales.add(sale("s-d2-" + m, sold, "CH-D", "P-D", "O-D2", 5, "100"));
                costs.add(cost("c-d2-" + m, booked, period, "CH-D", "P-D", "O-D2", "600"));
            }
        }
        // January's books: one more unit of cost one millisecond before the close, one at the close.
        costs.add(cost("c-late-ok", closeOf("2026-01").minusMillis(1), "2026-01", "CH-A", "P-A", null, "1"));
        costs.add(cost("c-late", closeOf("2026-01"), "2026-01", "CH-A", "P-A", null, "1000000"));
        // Moves event time past August's close (2026-09-05T16:00Z); September stays open.
        sales.add(sale("s-tick", Instant.parse("2026-09-07T00:00:00Z"), "CH-A", "P-A", "O-A", 1, "1"));
        Files.write(in.resolve("pos-sales.jsonl"), sorted(sales), StandardCharsets.UTF_8);
        Files.write(in.resolve("channel-costs.jsonl"), sorted(costs), StandardCharsets.UTF_8);
        return in;
    }

    /** Lines in event-time order, as the files are written by producers. */
    static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort((a, b) -> a.substring(a.indexOf("\"eventTime\"")).compareTo(b.substring(b.indexOf("\"eventTime\""))));
        return out;
    }

    static String partner(String id, String channel, String type) {
        return "{\"partnerId\":\"" + id + "\",\"channelId\":\"" + channel + "\",\"channelType\":\"" + type + "\",\"authorizedRegions\":[\"R-1\"]}";
    }

    static String sale(String id, Instant at, String channel, String partner, String outlet, int quantity, String price) {
        return "{\"eventId\":\"" + id + "\",\"eventTime\":\"" + at + "\",\"channelId\":\"" + channel + "\",\"partnerId\":\"" + partner
                + "\",\"outletId\":\"" + outlet + "\",\"regionId\":\"R-1\",\"sku\":\"SKU-1\",\"quantity\":" + quantity
                + ",\"unitPrice\":" + price + "}";
    }

    static String cost(String id, Instant at, String period, String channel, String partner, String outlet, String amount) {
        return "{\"eventId\":\"" + id + "\",\"eventTime\":\"" + at + "\",\"period\":\"" + period + "\",\"channelId\":\"" + channel
                + "\"" + (partner == null ? "" : ",\"partnerId\":\"" + partner + "\"")
                + (outlet == null ? "" : ",\"outletId\":\"" + outlet + "\"") + ",\"category\":\"OTHER\",\"amount\":" + amount + "}";
    }

}
