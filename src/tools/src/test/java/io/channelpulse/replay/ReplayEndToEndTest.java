package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.DiversionKind;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job graph over small fixture directories on a MiniCluster with parallelism 2, exactly
 * as {@code replay} runs it. Each fixture line is chosen to hit one boundary; see
 * src/test/resources/replay/README.md.
 */
class ReplayEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static final Path BASIC = Path.of("src/test/resources/replay/basic");
    static final Path OUT_OF_ORDER = Path.of("src/test/resources/replay/out-of-order");

    static Replay.Result replay(Path input, Path output, PulseConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.setParallelism(2);
        return new Replay(config, 2).run(env, input, output);
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Nested
    class BasicFixture {

        static Replay.Result result;
        static Path output;

        @BeforeAll
        static void runOnce(@TempDir Path dir) throws Exception {
            output = dir;
            result = replay(BASIC, dir, PulseConfig.defaults());
        }

        List<Alert> alerts(Rule rule) {
            return result.alerts().stream().filter(a -> a.rule() == rule).toList();
        }

        @Test
        void everyAlertCarriesItsChannelsTypeFromThePartnerData() {
            assertThat(result.alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.channelType())
                    .as(a.alertId() + " of " + a.channelId())
                    .isEqualTo(switch (a.channelId()) {
                        case "CH-DEALER" -> ChannelType.DEALER;
                        case "CH-ONLINE" -> ChannelType.ONLINE;
                        default -> throw new AssertionError("unexpected channel " + a.channelId());
                    }));
            assertThat(result.alerts()).extracting(Alert::channelId).contains("CH-DEALER", "CH-ONLINE");
        }

        @Test
        void priceEpisodesFireOnceAndResolveUnderTheSameId() {
            assertThat(alerts(Rule.PRICE_BELOW_GUIDE))
                    .extracting(Alert::status, Alert::eventTime, Alert::outletId, Alert::severity, Alert::evidence)
                    .containsExactly(
                            tuple(AlertStatus.FIRING, at("2026-11-29T08:01:00Z"), "O-1", Severity.WARNING, List.of("pr-2")),
                            tuple(AlertStatus.RESOLVED, at("2026-11-29T08:03:00Z"), "O-1", Severity.WARNING, List.of("pr-2", "pr-4")),
                            tuple(AlertStatus.FIRING, at("2026-11-29T08:04:00Z"), "O-1", Severity.CRITICAL, List.of("pr-5")),
                            tuple(AlertStatus.RESOLVED, at("2026-11-29T08:05:00Z"), "O-1", Severity.CRITICAL, List.of("pr-5", "s-1")),
                            tuple(AlertStatus.FIRING, at("2026-11-29T08:30:00Z"), "O-WEB", Severity.CRITICAL, List.of("s-2")),
                            tuple(AlertStatus.RESOLVED, at("2026-11-29T08:40:00Z"), "O-WEB", Severity.CRITICAL, List.of("s-2", "s-3")));
            List<Alert> price = alerts(Rule.PRICE_BELOW_GUIDE);
            assertThat(price.get(0).alertId()).isEqualTo(price.get(1).alertId());
            assertThat(price.get(2).alertId()).isEqualTo(price.get(3).alertId()).isNotEqualTo(price.get(0).alertId());
        }

        @Test
        void priceExactlyFivePercentBelowGuideDoesNotBreach() {
            assertThat(result.alerts()).noneMatch(a -> a.evidence().contains("pr-1"));
            assertThat(alerts(Rule.PRICE_BELOW_GUIDE).get(0).details().discount()).isEqualByComparingTo("0.0501");
        }

        @Test
        void guidePriceChangeMidStreamAppliesFromItsEffectiveTime() {
            // pr-6 at 09:00 sells at 80: 20% below the old guide, exactly the new one.
            assertThat(result.alerts()).noneMatch(a -> a.evidence().contains("pr-6"));
            ChannelKpi nine = kpi("CH-DEALER", "2026-11-29T09:00:00Z");
            assertThat(nine.priceChecks()).isEqualTo(1);
            assertThat(nine.belowGuide()).isZero();
        }

        @Test
        void divertedBatchFiresOncePerDivertingPartnerWithKindAndSeverity() {
            assertThat(alerts(Rule.CROSS_CHANNEL_DIVERSION))
                    .extracting(Alert::partnerId, a -> a.details().kind(), Alert::severity, Alert::evidence)
                    .containsExactly(
                            tuple("P-DEALER-2", DiversionKind.CROSS_REGION, Severity.WARNING, List.of("inv-1", "inv-2")),
                            tuple("P-ONLINE-1", DiversionKind.CROSS_CHANNEL, Severity.CRITICAL, List.of("inv-1", "s-2")));
            assertThat(alerts(Rule.CROSS_CHANNEL_DIVERSION))
                    .allSatisfy(a -> {
                        assertThat(a.batchCode()).isEqualTo("B-1");
                        assertThat(a.details().allocatedPartnerId()).isEqualTo("P-DEALER-1");
                        assertThat(a.details().allocatedRegions()).containsExactly("R-EAST");
                    });
            // s-3 is a second diverted sale by P-ONLINE-1: counted, but no new alert.
            assertThat(kpi("CH-ONLINE", "2026-11-29T08:40:00Z").divertedSightings()).isEqualTo(1);
        }

        @Test
        void slaBreachFiresAtDeadlineAndResolvesOnTheLateAnswer() {
            assertThat(alerts(Rule.ORDER_RESPONSE_SLA))
                    .extracting(Alert::orderId, Alert::status, Alert::eventTime)
                    .containsExactly(
                            tuple("ORD-3", AlertStatus.FIRING, at("2026-11-30T08:00:00Z")),
                            tuple("ORD-3", AlertStatus.RESOLVED, at("2026-11-30T09:00:00Z")));
            Alert resolved = alerts(Rule.ORDER_RESPONSE_SLA).get(1);
            assertThat(resolved.details().responseSeconds()).isEqualTo(25 * 3600L);
            assertThat(resolved.details().respondedAt()).isEqualTo(at("2026-11-30T09:00:00Z"));
        }

        @Test
        void answerExactlyAtDeadlineCancelledOrderAndOpenOrderRaiseNothing() {
            assertThat(result.alerts()).extracting(Alert::orderId)
                    .doesNotContain("ORD-1", "ORD-2", "ORD-4");
            ChannelKpi deadlineWindow = kpi("CH-DEALER", "2026-11-30T08:00:00Z");
            assertThat(deadlineWindow.ordersAnswered()).isEqualTo(1);
            assertThat(deadlineWindow.responseTimeP50Seconds()).isEqualTo(86_400L);
            assertThat(deadlineWindow.slaBreaches()).isEqualTo(1);
        }

        @Test
        void kpisAreExactAndCarryTheChannelType() {
            ChannelKpi sales = kpi("CH-DEALER", "2026-11-29T08:05:00Z");
            assertThat(sales.channelType()).isEqualTo(ChannelType.DEALER);
            assertThat(sales.windowEnd()).isEqualTo(at("2026-11-29T08:06:00Z"));
            assertThat(sales.transactions()).isEqualTo(1);
            assertThat(sales.unitsSold()).isEqualTo(2);
            assertThat(sales.revenue()).isEqualByComparingTo(new BigDecimal("200.00"));
            assertThat(sales.uncheckedPrices()).isEqualTo(1); // the USD check
            assertThat(kpi("CH-ONLINE", "2026-11-29T08:40:00Z").revenue()).isEqualByComparingTo("299.70");
            assertThat(kpi("CH-DEALER", "2026-11-29T08:20:00Z").stockOutSnapshots()).isEqualTo(1);
            assertThat(kpi("CH-DEALER", "2026-11-29T08:10:00Z").priceComplianceRate()).isNull();
            assertThat(kpi("CH-DEALER", "2026-11-29T08:01:00Z").priceComplianceRate()).isEqualTo(0.0);
            assertThat(result.kpis()).extracting(ChannelKpi::windowStart).isSorted();
        }

        @Test
        void lastPartialWindowIsEmittedEvenThoughTheClockStopsAtTheLastEvent() {
            assertThat(result.kpis()).last().satisfies(k -> {
                assertThat(k.windowStart()).isEqualTo(at("2026-11-30T10:00:00Z"));
                assertThat(k.priceChecks()).isEqualTo(1);
            });
        }

        @Test
        void everyKindOfBadInputIsDeadLetteredWithItsOriginAndField() {
            assertThat(result.deadLetters())
                    .extracting(DeadLetter::stream, DeadLetter::line, DeadLetter::reason, DeadLetter::field)
                    .containsExactlyInAnyOrder(
                            tuple("partners", 4L, DeadLetter.CONSTRAINT, "channelType"),
                            tuple("prices", 10L, DeadLetter.INVALID_JSON, null),
                            tuple("guide-prices", 3L, DeadLetter.WRONG_TYPE, "guidePrice"),
                            tuple("prices", 7L, DeadLetter.LATE, "eventTime"),
                            tuple("inventory", 4L, DeadLetter.CONSTRAINT, "quantity"),
                            tuple("pos-sales", 4L, DeadLetter.WRONG_TYPE, "quantity"),
                            tuple("prices", 11L, DeadLetter.MISSING_FIELD, "price"),
                            tuple("orders", 8L, DeadLetter.CONSTRAINT, "status"));
            assertThat(result.deadLetters()).allSatisfy(d -> {
                assertThat(d.file()).isEqualTo(d.stream() + ".jsonl");
                assertThat(d.payload()).isNotBlank();
                assertThat(d.message()).isNotBlank();
            });
        }

        @Test
        void summaryCountsReadsDuplicatesAndDeadLetters() {
            ReplaySummary summary = result.summary();
            assertThat(summary.read()).containsEntry("prices", 12L).containsEntry("orders", 8L);
            assertThat(summary.deduplicated()).containsEntry("prices", 1L).containsEntry("orders", 0L);
            assertThat(summary.late()).containsEntry("prices", 1L);
            assertThat(summary.deadLettered()).containsEntry("prices", 3L).containsEntry("partners", 1L);
            assertThat(summary.alertsByRule().get(Rule.PRICE_BELOW_GUIDE)).containsExactly(3, 3);
            assertThat(summary.render()).contains("prices").contains("PRICE_BELOW_GUIDE");
        }

        @Test
        void replayStampsEmittedAtWithEventTimeSoOutputsAreReproducible() {
            assertThat(result.alerts()).allSatisfy(a -> assertThat(a.emittedAt()).isEqualTo(a.eventTime()));
        }

        @Test
        void sameInputGivesByteIdenticalOutputs(@TempDir Path again) throws Exception {
            // Several reruns: a race (which subtask reports first) shows up as a difference here.
            for (int run = 0; run < 4; run++) {
                Path second = again.resolve("run-" + run);
                replay(BASIC, second, PulseConfig.defaults());
                for (String file : List.of("alerts.jsonl", "kpis.jsonl", "dead-letters.jsonl")) {
                    assertThat(Files.readString(second.resolve(file)))
                            .as(file + " in rerun " + run)
                            .isEqualTo(Files.readString(output.resolve(file)))
                            .isNotEmpty();
                }
            }
        }

        ChannelKpi kpi(String channel, String windowStart) {
            return result.kpis().stream()
                    .filter(k -> k.channelId().equals(channel) && k.windowStart().equals(at(windowStart)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no KPI for " + channel + " at " + windowStart));
        }
    }

    @Test
    void outOfOrderEventsAreJudgedInEventTimeOrder(@TempDir Path out) throws Exception {
        Replay.Result result = replay(OUT_OF_ORDER, out, PulseConfig.defaults());

        assertThat(result.alerts().stream().filter(a -> a.rule() == Rule.PRICE_BELOW_GUIDE))
                .extracting(Alert::status, Alert::eventTime)
                .containsExactly(
                        tuple(AlertStatus.FIRING, at("2026-11-29T10:01:00Z")),
                        tuple(AlertStatus.RESOLVED, at("2026-11-29T10:02:00Z")));
        assertThat(result.alerts().stream().filter(a -> a.rule() == Rule.CROSS_CHANNEL_DIVERSION))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.partnerId()).isEqualTo("P-B");
                    assertThat(a.details().allocatedPartnerId()).isEqualTo("P-A");
                    assertThat(a.details().kind()).isEqualTo(DiversionKind.CROSS_CHANNEL);
                });
        assertThat(result.alerts().stream().filter(a -> a.rule() == Rule.ORDER_RESPONSE_SLA))
                .extracting(Alert::orderId, Alert::status, Alert::eventTime, a -> a.details().respondedAt())
                .containsExactly(
                        tuple("ORD-7", AlertStatus.FIRING, at("2026-11-30T10:00:10Z"), null),
                        tuple("ORD-8", AlertStatus.FIRING, at("2026-11-30T10:00:59.999Z"), null),
                        tuple("ORD-7", AlertStatus.RESOLVED, at("2026-11-30T10:59:00Z"), at("2026-11-30T10:59:00Z")));
        assertThat(result.deadLetters()).isEmpty();
        // This fixture has no partner records: no alert's channel has a known type.
        assertThat(result.alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.channelType()).isNull());
    }

    @Test
    void breachWhoseDeadlineIsTheLastMillisecondOfAWindowCountsInThatWindow(@TempDir Path out) throws Exception {
        Replay.Result result = replay(OUT_OF_ORDER, out, PulseConfig.defaults());
        ChannelKpi deadlineWindow = result.kpis().stream()
                .filter(k -> k.channelId().equals("CH-A") && k.windowStart().equals(at("2026-11-30T10:00:00Z")))
                .findFirst().orElseThrow();
        assertThat(deadlineWindow.slaBreaches()).isEqualTo(2); // ORD-7 at 10:00:10 and ORD-8 at 10:00:59.999
        assertThat(result.kpis()).noneMatch(k -> k.windowStart().equals(at("2026-11-30T10:01:00Z")) && k.slaBreaches() > 0);
    }

    @Test
    void escapedLoneSurrogatesInTheInputDoNotFailTheReplay(@TempDir Path in, @TempDir Path out) throws Exception {
        // Found by HostileInputFuzzTest: an escaped lone surrogate reached an accepted id or a dead letter's
        // message, and a strict UTF-8 writer failed the whole replay on it. Ids with one are now rejected;
        // an enum quotes the value it got, so its message still carries one to the writer.
        String check = "{\"eventId\":\"p-1\",\"eventTime\":\"2026-11-29T08:00:10Z\",\"channelId\":\"CH-\\ud800\","
                + "\"partnerId\":\"P\",\"outletId\":\"O\",\"regionId\":\"R\",\"sku\":\"S\",\"price\":9.50}\n";
        String order = "{\"eventId\":\"o-1\",\"eventTime\":\"2026-11-29T08:00:10Z\",\"orderId\":\"ORD-1\","
                + "\"channelId\":\"CH-R\",\"partnerId\":\"P\",\"status\":\"SHIPPED\\ud800\"}\n";
        Files.writeString(in.resolve("prices.jsonl"), check);
        Files.writeString(in.resolve("orders.jsonl"), order);

        Replay.Result result = replay(in, out, PulseConfig.defaults());

        assertThat(result.deadLetters()).extracting(DeadLetter::field).containsExactlyInAnyOrder("channelId", "status");
        assertThat(result.deadLetters()).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DeadLetter.CONSTRAINT));
        assertThat(Files.readAllLines(out.resolve("dead-letters.jsonl"))).hasSize(2);
    }

    @Test
    void windowsWithOnlyNonCountingInputStillGetARecord(@TempDir Path in, @TempDir Path out) throws Exception {
        Files.writeString(in.resolve("inventory.jsonl"),
                "{\"eventId\":\"r-1\",\"eventTime\":\"2026-11-29T08:00:10Z\",\"channelId\":\"CH-R\",\"partnerId\":\"P-R\","
                        + "\"outletId\":\"O-R\",\"regionId\":\"R-1\",\"sku\":\"SKU-1\",\"movement\":\"SNAPSHOT\",\"onHand\":7}\n");
        Replay.Result result = replay(in, out, PulseConfig.defaults());
        assertThat(result.kpis()).singleElement().satisfies(k -> {
            assertThat(k.channelId()).isEqualTo("CH-R");
            assertThat(k.stockOutSnapshots()).isZero();
            assertThat(k.channelType()).isNull();
        });
    }

    @Test
    void largerKpiWindowAggregatesMore(@TempDir Path out) throws Exception {
        Replay.Result hourly = replay(BASIC, out, PulseConfig.defaults().withKpiWindow(Duration.ofHours(1)));
        ChannelKpi dealerMorning = hourly.kpis().stream()
                .filter(k -> k.channelId().equals("CH-DEALER") && k.windowStart().equals(at("2026-11-29T08:00:00Z")))
                .findFirst().orElseThrow();
        assertThat(dealerMorning.windowEnd()).isEqualTo(at("2026-11-29T09:00:00Z"));
        assertThat(dealerMorning.priceChecks()).isEqualTo(6); // pr-1..pr-5 and s-1
        assertThat(dealerMorning.belowGuide()).isEqualTo(3);
        assertThat(dealerMorning.priceComplianceRate()).isEqualTo(0.5);
        assertThat(dealerMorning.ordersCreated()).isEqualTo(3);
        assertThat(dealerMorning.divertedSightings()).isEqualTo(1);
    }

    @Test
    void emptyInputDirectoryProducesEmptyOutputs(@TempDir Path in, @TempDir Path out) throws Exception {
        Replay.Result result = replay(in, out, PulseConfig.defaults());
        assertThat(result.alerts()).isEmpty();
        assertThat(result.kpis()).isEmpty();
        assertThat(out.resolve("alerts.jsonl")).exists().isEmptyFile();
        assertThat(result.partnerTiers()).isEmpty();
        assertThat(result.channelEconomics()).isEmpty();
        assertThat(Files.list(out).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("alerts.jsonl", "kpis.jsonl", "dead-letters.jsonl", "partner-tiers.jsonl",
                        "channel-economics.jsonl");
    }
}
