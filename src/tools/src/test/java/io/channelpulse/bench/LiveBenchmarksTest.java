package io.channelpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live rows (P3, P4, P5) at a tiny size: each completes and reports sensible values. Not a
 * timing test: no rate or latency is asserted against a goal.
 */
class LiveBenchmarksTest {

    @TempDir
    Path dir;

    private BenchContext context(Duration soak) {
        return new BenchContext(dir, null, Duration.ofMinutes(4), soak);
    }

    @Test
    void liveReadCompletesWithARatioOfTwoRates() throws Exception {
        BenchResult r = new LiveReadBenchmark(Duration.ofDays(1), 2).run(context(Duration.ZERO));

        assertThat(r.status()).as(r.toString()).isEqualTo(BenchResult.Status.COMPLETED);
        assertThat(Double.parseDouble(r.value())).isPositive();
        assertThat(r.detail()).contains("records/s").contains("plain consumer");
    }

    @Test
    void liveLatencyRecordsInjectedAlertsInBothModes() throws Exception {
        BenchResult r = new LiveLatencyBenchmark(Duration.ofSeconds(10), 300, 2_000).run(context(Duration.ZERO));

        assertThat(r.status()).as(r.toString()).isEqualTo(BenchResult.Status.COMPLETED);
        Matcher m = Pattern.compile("(at-least-once|exactly-once): p50 (\\d+) ms.*? over (\\d+) of (\\d+) injected").matcher(r.detail());
        int modes = 0;
        while (m.find()) {
            modes++;
            assertThat(Long.parseLong(m.group(3))).as(m.group(1) + " latencies recorded").isPositive();
            assertThat(Long.parseLong(m.group(2))).as(m.group(1) + " p50").isPositive();
        }
        assertThat(modes).as(r.detail()).isEqualTo(2);
    }

    @Test
    void stateSizeReportsEveryKindAndNeverAPerItemFigureItCouldNotMeasure() throws Exception {
        BenchResult r = new StateSizeBenchmark(1_000, Duration.ofMinutes(2)).run(context(Duration.ofSeconds(3)));

        assertThat(r.detail()).as(r.toString()).contains("soak PT3S");
        Matcher m = Pattern.compile("(order|price episode|batch allocation) (-?\\d+) B/item \\(baseline ([\\d,]+) B, open ([\\d,]+) B, closed ([\\d,]+) B")
                .matcher(r.detail());
        int kinds = 0;
        boolean anyUnmeasured = false;
        while (m.find()) {
            kinds++;
            long baseline = bytes(m.group(3));
            long open = bytes(m.group(4));
            assertThat(bytes(m.group(5))).as(m.group(1) + " closed state is measured").isPositive();
            anyUnmeasured |= open <= baseline;
        }
        assertThat(kinds).as(r.detail()).isEqualTo(3);
        // Whether the state went back to its baseline is what P5 reports ("goal met"), not what this
        // test checks. At 1,000 items the state can move between checkpoints by more than the items
        // add (issue 11's note); then the row must say FAILED, never print a per-item figure.
        if (anyUnmeasured) {
            assertThat(r.status()).as(r.toString()).isEqualTo(BenchResult.Status.FAILED);
            assertThat(r.value()).startsWith("measurement invalid");
        } else {
            assertThat(r.status()).as(r.toString()).isEqualTo(BenchResult.Status.COMPLETED);
        }
    }

    private static long bytes(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
