package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel plan end to end in replay, over eight business months: monthly ledgers, the plan's
 * closes, the direct-store CEP pattern, the partner-tiers and channel-economics files, and the
 * period-closed dead letter. Every figure below follows from the input by the formulas in
 * docs/CONTRACT.md.
 *
 * <ul>
 *   <li>CH-A (dealer, P-A): 9,000 revenue and 5,000 costs a month.
 *   <li>CH-X (dealer, P-X): 200 revenue, 1,000 costs: about 2% of sales and 13% of costs, inefficient.
 *   <li>CH-S (supermarket, P-S): 100 revenue, 300 costs: ROI 0.33.
 *   <li>CH-D (direct stores of P-D): O-D1 loses 100 a month for six months, makes 100 in the
 *       seventh, loses again in the eighth; O-D2 loses five months, has no activity in the sixth,
 *       then loses two more: no streak of six.
 * </ul>
 */
public class EconomicsReplayTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration GRACE = Duration.ofDays(5);
    static Replay.Result result;

    public static Instant closeOf(String period) {
        return BusinessMonths.closeAt(period, ZONE, GRACE);
    }

    @BeforeAll
    static void replay(@TempDir Path dir) throws Exception {
        Path in = writeInput(Files.createDirectories(dir.resolve("in")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long started = System.nanoTime();
        result = new Replay(PulseConfig.defaults(), 2).run(env, in, dir.resolve("out"));
        System.out.printf("economics replay of 8 months: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    /** Writes the eight months described above (replay files, in event-time order) into {@code in}. */
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

    @Test
    void findsExactlyTheInefficientChannelTheLowRoiPartnerAndTheStoreWithSixLossMonths() {
        List<Alert> economics = result.alerts().stream().filter(a -> a.rule().isEconomics()).toList();
        assertThat(economics).extracting(a -> a.rule() + " " + a.status() + " " + a.channelId() + " "
                        + (a.partnerId() == null ? "-" : a.partnerId()) + " " + (a.outletId() == null ? "-" : a.outletId())
                        + " " + a.details().period())
                .containsExactly(
                        "INEFFICIENT_CHANNEL FIRING CH-X - - 2026-01",
                        "PARTNER_ROI_BELOW_ONE FIRING CH-S P-S - 2026-01",
                        "STORE_CLOSURE_CANDIDATE FIRING CH-D P-D O-D1 2026-06",
                        "STORE_CLOSURE_CANDIDATE RESOLVED CH-D P-D O-D1 2026-07");
        assertThat(economics).allSatisfy(a -> assertThat(a.eventTime()).isEqualTo(closeOf(a.details().period())));
        Alert store = economics.get(2);
        assertThat(store.channelType()).isEqualTo(ChannelType.DIRECT_STORE);
        assertThat(store.details().monthlyProfits()).extracting(p -> p.period() + " " + p.profit().toPlainString())
                .containsExactly("2026-01 -100", "2026-02 -100", "2026-03 -100", "2026-04 -100", "2026-05 -100", "2026-06 -100");
        assertThat(economics.get(1).details().roi()).isEqualByComparingTo("0.3333");
    }

    @Test
    void channelEconomicsCountTheCostOneMillisecondBeforeTheCloseAndNotTheOneAtIt() {
        List<ChannelEconomics> months = result.channelEconomics();
        assertThat(months).hasSize(4 * 8);
        ChannelEconomics a = months.stream().filter(m -> m.channelId().equals("CH-A") && m.period().equals("2026-01")).findFirst().orElseThrow();
        assertThat(a.cost()).isEqualByComparingTo("5001");
        assertThat(a.revenue()).isEqualByComparingTo("9000");
        assertThat(a.totalRevenue()).isEqualByComparingTo("10300");
        assertThat(a.totalCost()).isEqualByComparingTo("7501");
        assertThat(months).filteredOn(ChannelEconomics::inefficient).extracting(ChannelEconomics::channelId).containsOnly("CH-X");

        List<DeadLetter> closed = result.deadLetters().stream().filter(d -> DeadLetter.PERIOD_CLOSED.equals(d.reason())).toList();
        assertThat(closed).singleElement().satisfies(d -> {
            assertThat(d.stream()).isEqualTo("channel-costs");
            assertThat(d.payload()).contains("c-late\"");
        });
    }

    @Test
    void partnerTiersAreWrittenAtEveryCloseWithoutChanges() {
        List<PartnerTierRecord> tiers = result.partnerTiers();
        assertThat(tiers).filteredOn(t -> t.kind().equals(PartnerTierRecord.TIER)).hasSize(4 * 8);
        assertThat(tiers).filteredOn(t -> t.kind().equals(PartnerTierRecord.TIER_CHANGED)).isEmpty();
        assertThat(tiers).filteredOn(t -> t.period().equals("2026-08"))
                .extracting(t -> t.partnerId() + " " + t.rank() + " " + t.publishedTier() + " " + t.windowMonths())
                .containsExactly("P-A 1 CORE 8", "P-D 2 QUALITY 8", "P-S 4 BASIC 8", "P-X 3 BASIC 8");
        assertThat(tiers).allSatisfy(t -> assertThat(t.ranked()).isEqualTo(4));
        assertThat(tiers.get(0).publishedTier()).isIn(PartnerTier.values());
    }
}
