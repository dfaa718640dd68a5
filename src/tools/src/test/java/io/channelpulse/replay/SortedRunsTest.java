package io.channelpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external sort behind replay's outputs: the order of a stable in-memory sort, in bounded memory. */
class SortedRunsTest {

    /** A record whose order looks only at {@code key}, so ties show whether the order is stable. */
    record Item(int key, String tag) {}

    static final Comparator<Item> BY_KEY = Comparator.comparingInt(Item::key);

    @Test
    void mergedRunsEqualAStableSortOfAllWritersInSubtaskOrder(@TempDir Path dir) throws Exception {
        assertMergeEqualsStableSort(dir, 7, SortedRuns.MAX_FAN_IN);
    }

    @Test
    void moreRunsThanTheFanInAreMergedInPassesWithTheSameResult(@TempDir Path dir) throws Exception {
        assertMergeEqualsStableSort(dir, 3, 4); // about 130 runs, merged 4 at a time: four passes
    }

    @Test
    void noRunsMergeIntoAnEmptyFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.jsonl");
        SortedRuns.merge(SortedRuns.runsOf(dir, "items"), Item.class, BY_KEY, target, i -> {});
        assertThat(target).exists().isEmptyFile();
    }

    @Test
    void aWriterSpillsOnlyFullRunsUntilAskedAndNeverAnEmptyOne(@TempDir Path dir) throws Exception {
        SortedRuns.Spiller<Item> spiller = new SortedRuns.Spiller<>(dir, "items", 0, BY_KEY, 5);
        for (int i = 0; i < 12; i++) {
            spiller.add(new Item(12 - i, "t" + i));
        }
        assertThat(SortedRuns.runsOf(dir, "items")).hasSize(2);
        spiller.spill();
        spiller.spill();
        List<Path> runs = SortedRuns.runsOf(dir, "items");
        assertThat(runs).extracting(p -> p.getFileName().toString())
                .containsExactly("items-00000-000000.run", "items-00000-000001.run", "items-00000-000002.run");
        assertThat(Files.readAllLines(runs.get(0))).first().isEqualTo("{\"key\":8,\"tag\":\"t4\"}");
    }

    @Test
    void runsOfOneOutputDoNotPickUpAnotherOutputsRuns(@TempDir Path dir) throws Exception {
        new SortedRuns.Spiller<>(dir, "dead-letters", 0, BY_KEY, 1).add(new Item(1, "a"));
        new SortedRuns.Spiller<>(dir, "dead", 0, BY_KEY, 1).add(new Item(2, "b"));
        assertThat(SortedRuns.runsOf(dir, "dead")).extracting(p -> p.getFileName().toString())
                .containsExactly("dead-00000-000000.run");
    }

    private static void assertMergeEqualsStableSort(Path dir, int recordsPerRun, int fanIn) throws Exception {
        Random random = new Random(3);
        List<Item> all = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            SortedRuns.Spiller<Item> spiller = new SortedRuns.Spiller<>(dir, "items", subtask, BY_KEY, recordsPerRun);
            for (int i = 0; i < 130; i++) {
                Item item = new Item(random.nextInt(20), "s" + subtask + "-" + i); // many ties
                all.add(item);
                spiller.add(item);
            }
            spiller.spill();
        }
        List<Item> expected = new ArrayList<>(all);
        expected.sort(BY_KEY);

        Path target = dir.resolve("items.jsonl");
        List<Item> seen = new ArrayList<>();
        SortedRuns.merge(SortedRuns.runsOf(dir, "items"), Item.class, BY_KEY, target, seen::add, fanIn);

        assertThat(seen).containsExactlyElementsOf(expected);
        List<String> lines = Files.readAllLines(target);
        assertThat(lines).hasSize(expected.size());
        assertThat(lines.get(0)).isEqualTo("{\"key\":" + expected.get(0).key() + ",\"tag\":\"" + expected.get(0).tag() + "\"}");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("merged runs are deleted").containsExactly("items.jsonl");
        }
    }
}
