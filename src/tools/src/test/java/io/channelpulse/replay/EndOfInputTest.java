package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** How the sources of one replay agree on where its clock stops. */
class EndOfInputTest {

    @Test
    void everySourceGetsTheLatestEventTimeOfAllOnceTheLastHasReported() throws Exception {
        try (EndOfInput.Agreement end = EndOfInput.open(List.of("a", "b", "c"))) {
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
        try (EndOfInput.Agreement end = EndOfInput.open(List.of("only"))) {
            assertThat(end.agree("only", Long.MIN_VALUE)).isZero();
        }
    }

    @Test
    void theHandleTravelsSerializedToTheTasksOfTheSameJvm() throws Exception {
        try (EndOfInput.Agreement end = EndOfInput.open(List.of("x"))) {
            EndOfInput.Agreement copy = InstantiationUtil.clone(end);
            assertThat(copy.agree("x", 5L)).isEqualTo(5L);
        }
    }

    @Test
    void closingReleasesASourceStillWaitingAndLaterReportsAreRefused() {
        EndOfInput.Agreement end = EndOfInput.open(List.of("a", "b"));
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
        try (EndOfInput.Agreement end = EndOfInput.open(List.of("a"))) {
            assertThatThrownBy(() -> end.agree("b", 1L)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a source of this replay: b");
        }
    }

    private static long agree(EndOfInput.Agreement end, String stream, long latest) {
        try {
            return end.agree(stream, latest);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
