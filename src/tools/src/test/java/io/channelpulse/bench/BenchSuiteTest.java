package io.channelpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's table and exit code, and the parsing behind the replay rows, without running anything timed. */
class BenchSuiteTest {

    private static final BenchContext CONTEXT = new BenchContext(Path.of("target/bench-test"), Path.of("x.jar"),
            Duration.ofMinutes(1), Duration.ofMinutes(1));

    private static Benchmark row(String id, BenchResult result) {
        return new Benchmark() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String measure() {
                return "measure of " + id;
            }

            @Override
            public String goal() {
                return "≥ 1 events/s";
            }

            @Override
            public BenchResult run(BenchContext context) {
                if (result == null) {
                    throw new IllegalStateException("broken row");
                }
                return result;
            }
        };
    }

    private static List<BenchSuite.Row> runAll(Benchmark... rows) {
        return BenchSuite.run(List.of(rows), CONTEXT, new PrintWriter(new StringWriter()));
    }

    @Test
    void tableShowsEveryStatusAndWhetherTheGoalWasMet() {
        List<BenchSuite.Row> rows = runAll(
                row("R1", BenchResult.completed("R1", "120,000 events/s", true, "wall 17 s")),
                row("R2", BenchResult.timedOut("R2", "killed after 600 s, not finished", "reading pos-sales.jsonl at 10 of 40 MB")),
                row("P1", BenchResult.completed("P1", "0.31", false, "medians")),
                row("P3", null));

        String text = BenchSuite.text(rows);
        assertThat(text.lines().toList()).hasSize(5);
        assertThat(text).contains("COMPLETED", "TIMED OUT", "FAILED", "goal met");
        assertThat(line(text, "R1")).contains("120,000 events/s", "yes");
        assertThat(line(text, "P1")).contains("0.31", " no ");
        assertThat(line(text, "P3")).contains("FAILED", "IllegalStateException: broken row");
        assertThat(BenchSuite.markdown(rows)).startsWith("| id | measure | goal | status | value | goal met | detail |")
                .contains("| R2 | measure of R2 | ≥ 1 events/s | TIMED OUT | killed after 600 s, not finished | – |");
    }

    @Test
    void aTimedOutRowPrintsWhatItReachedAndNoRate() {
        List<BenchSuite.Row> rows = runAll(row("R2", BenchResult.timedOut("R2", "killed after 600 s, not finished",
                "reading pos-sales.jsonl at 10 of 40 MB")));

        String r2 = line(BenchSuite.text(rows), "R2");
        assertThat(r2).contains("TIMED OUT", "killed after 600 s", "–");
        assertThat(r2.substring(r2.indexOf("TIMED OUT"))).as("value and detail").doesNotContain("/s");
    }

    @Test
    void exitCodeIsZeroOnlyIfEveryRowCompletedMetOrNot() {
        assertThat(BenchSuite.exitCode(runAll(row("R1", BenchResult.completed("R1", "1 events/s", false, ""))))).isZero();
        assertThat(BenchSuite.exitCode(runAll(
                row("R1", BenchResult.completed("R1", "1 events/s", true, "")),
                row("R2", BenchResult.timedOut("R2", "killed", ""))))).isEqualTo(1);
        assertThat(BenchSuite.exitCode(runAll(row("P1", null)))).isEqualTo(1);
    }

    @Test
    void heapAfterCollectionIsReadFromTheGcLog() {
        ChildJvm.GcSummary gc = ChildJvm.parseGc(List.of(
                "[0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 52M->9M(1024M) 6.210ms",
                "[3.001s][info][gc] GC(7) Pause Young (Concurrent Start) (G1 Evacuation Pause) 620M->410M(1024M) 20.1ms",
                "[3.402s][info][gc] GC(8) Pause Remark 430M->300M(1024M) 3.0ms",
                "[4.000s][info][gc] GC(9) Pause Young (Mixed) (G1 Evacuation Pause) 500M->250M(1024M) 9.0ms",
                "[4.100s][info][gc] GC(9) Concurrent Mark Cycle 500.0ms"));

        assertThat(gc.pauses()).isEqualTo(4);
        assertThat(gc.peakAfterAny()).isEqualTo(410L << 20);
        assertThat(gc.peakAfterOldCollection()).as("after the mixed collection, not after Remark").isEqualTo(250L << 20);
        assertThat(gc.heapCapacity()).isEqualTo(1024L << 20);
    }

    @Test
    void recordsReadAreTheSumOfReplaysSummaryElseTheInputLines() {
        String summary = """
                stream               read       dead     late   duplicates
                guide-prices           20          0        0            0
                inventory             436          2        0            1
                pos-sales            4155         10        3           20

                rule                         firing  resolved
                PRICE_BELOW_GUIDE                 3         1
                """;
        assertThat(ReplayRuns.recordsRead(summary, 99)).isEqualTo(4611);
        assertThat(ReplayRuns.recordsRead("no summary", 99)).isEqualTo(99);
    }

    @Test
    void segmentsAfterTheFirstGetTheirOwnIds() {
        String line = "{\"eventId\":\"E-12\",\"orderId\":\"ORD-3\",\"batchCode\":\"B-7\",\"channelId\":\"CH-ONLINE-1\"}";
        assertThat(Histories.uniqueIds(line, 4))
                .isEqualTo("{\"eventId\":\"E4-12\",\"orderId\":\"ORD4-3\",\"batchCode\":\"B4-7\",\"channelId\":\"CH-ONLINE-1\"}");
    }

    @Test
    void smallHistoriesShrinkTheWorldAndTheReferenceKeepsIt() {
        assertThat(Histories.Spec.of("2M", 2_000_000, 1)).isEqualTo(new Histories.Spec("2M", 13, 85, 5_000, 3.8, 1));
        Histories.Spec tiny = Histories.Spec.of("5k", 5_000, 1);
        assertThat(tiny.channelsPerType()).isEqualTo(1);
        assertThat(tiny.outletsPerPartner()).isEqualTo(3);
        assertThat(Histories.label(20_000_000)).isEqualTo("20M");
    }

    private static String line(String table, String id) {
        return table.lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
    }
}
