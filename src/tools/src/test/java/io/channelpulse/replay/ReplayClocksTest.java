package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** How the sources of one replay keep within a drift of each other and agree on where event time stops. */
class ReplayClocksTest {

    static final Duration HOUR = Duration.ofHours(1);
    static final long H = HOUR.toMillis();

    @Test
    void untilEveryAlignedStreamHasAWatermarkTheFirstToHaveOneWaits() throws Exception {
        try (ReplayClocks.Handle clocks = ReplayClocks.open(List.of("a", "b"), HOUR)) {
            CompletableFuture<Void> a = advanceAsync(clocks, "a", 0);
            Thread.sleep(100);
            assertThat(a).as("b has not read its first event").isNotDone();
            clocks.advance(clocks.slotOf("b"), 0);
            a.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamMoreThanTheDriftAheadOfTheSlowestWaitsUntilItCatchesUp() throws Exception {
        try (ReplayClocks.Handle clocks = ReplayClocks.open(List.of("fast", "slow"), HOUR)) {
            CompletableFuture<Void> first = advanceAsync(clocks, "fast", H); // exactly the drift ahead
            clocks.advance(clocks.slotOf("slow"), 0);
            first.get(10, TimeUnit.SECONDS);

            CompletableFuture<Void> ahead = advanceAsync(clocks, "fast", H + 1);
            Thread.sleep(100);
            assertThat(ahead).as("one millisecond more than the drift ahead waits").isNotDone();
            clocks.advance(clocks.slotOf("slow"), 1);
            ahead.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSlowestStreamNeverWaitsAndAFinishedStreamHoldsNobodyBack() throws Exception {
        try (ReplayClocks.Handle clocks = ReplayClocks.open(List.of("a", "b"), HOUR)) {
            CompletableFuture<Void> b = advanceAsync(clocks, "b", 10 * H);
            clocks.advance(clocks.slotOf("a"), 10 * H);
            b.get(10, TimeUnit.SECONDS);
            CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> agree(clocks, "a", 10 * H));
            advanceAsync(clocks, "b", 50 * H).get(10, TimeUnit.SECONDS); // a has ended: b runs free
            assertThat(agree(clocks, "b", 60 * H)).isEqualTo(60 * H);
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(60 * H);
        }
    }

    @Test
    void aWaitingSourceIsReleasedWhenItsTaskIsCancelled() throws Exception {
        try (ReplayClocks.Handle clocks = ReplayClocks.open(List.of("a", "b"), HOUR)) {
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread ahead = new Thread(() -> {
                try {
                    clocks.advance(clocks.slotOf("a"), 5 * H);
                    interrupted.complete(false);
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                }
            });
            ahead.start();
            clocks.advance(clocks.slotOf("b"), 0); // the slowest: goes on
            Thread.sleep(50);
            ahead.interrupt();
            assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static CompletableFuture<Void> advanceAsync(ReplayClocks.Handle clocks, String stream, long watermark) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                clocks.advance(clocks.slotOf(stream), watermark);
                done.complete(null);
            } catch (InterruptedException e) {
                done.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    @Test
    void everySourceGetsTheLatestEventTimeOfAllOnceTheLastHasReported() throws Exception {
        try (ReplayClocks.Handle end = ReplayClocks.open(List.of("a", "b", "c"), HOUR)) {
            CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> agree(end, "a", 100L));
            CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> agree(end, "b", Long.MIN_VALUE));
            Thread.sleep(50);
            assertThat(a).as("waits for c").isNotDone();
            assertThat(agree(end, "c", 70L)).isEqualTo(100L);
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(100L);
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(100L);
        }
    }

    @Test
    void withNoEventAtAllTheClockStopsAtTheEpoch() throws Exception {
        try (ReplayClocks.Handle end = ReplayClocks.open(List.of("only"), HOUR)) {
            assertThat(end.agree("only", Long.MIN_VALUE)).isZero();
        }
    }

    @Test
    void theHandleTravelsSerializedToTheTasksOfTheSameJvm() throws Exception {
        try (ReplayClocks.Handle end = ReplayClocks.open(List.of("x"), HOUR)) {
            ReplayClocks.Handle copy = InstantiationUtil.clone(end);
            assertThat(copy.agree("x", 5L)).isEqualTo(5L);
        }
    }

    @Test
    void closingReleasesASourceStillWaitingAndLaterReportsAreRefused() {
        ReplayClocks.Handle end = ReplayClocks.open(List.of("a", "b"), HOUR);
        CompletableFuture<Long> a = new CompletableFuture<>();
        Thread source = new Thread(() -> {
            try {
                a.complete(agree(end, "a", 1L));
            } catch (RuntimeException e) {
                a.completeExceptionally(e);
            }
        });
        source.start();
        while (source.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until it has reported and waits for "b"
        }
        end.close();
        assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThatThrownBy(() -> end.agree("b", 2L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has ended");
    }

    @Test
    void aStreamThatIsNotASourceOfTheReplayIsRefused() {
        try (ReplayClocks.Handle end = ReplayClocks.open(List.of("a"), HOUR)) {
            assertThatThrownBy(() -> end.agree("b", 1L)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a source of this replay: b");
        }
    }

    private static long agree(ReplayClocks.Handle end, String stream, long latest) {
        try {
            return end.agree(stream, latest);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
