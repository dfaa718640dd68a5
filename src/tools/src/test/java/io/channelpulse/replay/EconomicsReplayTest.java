package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel plan end to end in replay, over the eight business months of {@link EconomicsFixture}:
 * monthly ledgers, the plan's closes, the direct-store CEP pattern, the partner-tiers and
 * channel-economics files, and the period-closed dead letter. Every figure below follows from the
 * input by the formulas in docs/CONTRACT.md.
 */
class EconomicsReplayTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static Replay.Result result;

    static Instant closeOf(String period) {
        return EconomicsFixture.closeOf(period);
    }

    @BeforeAll
    static void replay(@TempDir Path dir) throws Exception {
        Path in = EconomicsFixture.writeInput(Files.createDirectories(dir.resolve("in")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long started = System.nanoTime();
        result = new Replay(PulseConfig.defaults(), 2).run(env, in, dir.resolve("out"));
        System.out.printf("economics replay of 8 months: %d ms%n", (System.nanoTime() - started) / 1_000_000);
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
