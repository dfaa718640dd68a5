package io.channelpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The KPI windows' watermark survives a restore, so a closed window never opens again. */
class WatermarkFloorTest {

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return harness.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    @Test
    void aFreshStartForwardsWatermarksAsTheyCome() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>())) {
            harness.open();
            assertThat(watermarks(harness)).isEmpty();
            harness.processWatermark(100);
            harness.processElement("a", 150);
            harness.processWatermark(200);
            assertThat(watermarks(harness)).containsExactly(100L, 200L);
            assertThat(harness.extractOutputValues()).containsExactly("a");
        }
    }

    @Test
    void afterARestoreTheLastWatermarkComesFirstAndLowerOnesAreNotForwarded() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>())) {
            harness.open();
            harness.processWatermark(500);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>())) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(watermarks(restored)).as("before any record").containsExactly(500L);

            restored.processWatermark(Long.MIN_VALUE + 1); // the inputs start again at the beginning of time
            restored.processWatermark(300);
            restored.processWatermark(600);
            assertThat(watermarks(restored)).containsExactly(500L, 600L);
        }
    }

    @Test
    void aRescaleRestoresTheLowestWatermarkOfAllSubtasks() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var a = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>(), 10, 2, 0);
                var b = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>(), 10, 2, 1)) {
            a.open();
            b.open();
            a.processWatermark(700);
            b.processWatermark(400);
            first = a.snapshot(1, 1);
            second = b.snapshot(1, 1);
        }
        OperatorSubtaskState merged = OneInputStreamOperatorTestHarness.repackageState(first, second);
        OperatorSubtaskState forOne = OneInputStreamOperatorTestHarness.repartitionOperatorState(merged, 10, 2, 1, 0);
        try (var single = new OneInputStreamOperatorTestHarness<String, String>(new WatermarkFloor<>(), 10, 1, 0)) {
            single.initializeState(forOne);
            single.open();
            assertThat(watermarks(single)).containsExactly(400L);
        }
    }
}
