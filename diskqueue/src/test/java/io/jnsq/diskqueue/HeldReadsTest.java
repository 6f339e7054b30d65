package io.jnsq.diskqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HeldReadsTest {
    @Test
    void theOldestMovesOnlyPastReleasedRecords() {
        HeldReads held = new HeldReads();
        long a = held.hold(0, 0);
        long b = held.hold(0, 40);
        long c = held.hold(1, 0);
        assertThat(held.release(b)).isFalse();
        assertThat(held.oldestPosition()).isZero();
        assertThat(held.span()).isEqualTo(3);
        assertThat(held.release(a)).isTrue();
        assertThat(held.oldestFileNum()).isEqualTo(1);
        assertThat(held.span()).isEqualTo(1);
        assertThat(held.release(c)).isTrue();
        assertThat(held.isEmpty()).isTrue();
        assertThat(held.release(c)).as("twice").isFalse();
    }

    @Test
    void clearIgnoresTheMarksBeforeIt() {
        HeldReads held = new HeldReads();
        long a = held.hold(0, 0);
        held.clear();
        assertThat(held.isEmpty()).isTrue();
        long b = held.hold(2, 0);
        assertThat(held.release(a)).isFalse();
        assertThat(held.oldestFileNum()).isEqualTo(2);
        assertThat(held.release(b)).isTrue();
    }

    /**
     * Against a model: holds and releases interleaved at random (so the ring wraps and grows with records held),
     * the oldest held is always the smallest mark not released.
     */
    @Property(tries = 200)
    void theOldestIsTheSmallestUnreleasedMark(@ForAll @IntRange(min = 1, max = 2000) int steps,
            @ForAll long seed) {
        Random random = new Random(seed);
        HeldReads held = new HeldReads();
        TreeMap<Long, Integer> unreleased = new TreeMap<>();
        List<Long> marks = new ArrayList<>();
        int read = 0;
        for (int step = 0; step < steps; step++) {
            if (marks.isEmpty() || random.nextInt(3) > 0) {
                long mark = held.hold(read / 10, read);
                unreleased.put(mark, read++);
                marks.add(mark);
            } else {
                long mark = marks.remove(random.nextInt(marks.size()));
                held.release(mark);
                unreleased.remove(mark);
            }
            if (unreleased.isEmpty()) {
                assertThat(held.isEmpty()).isTrue();
            } else {
                int oldest = unreleased.firstEntry().getValue();
                assertThat(held.oldestPosition()).isEqualTo(oldest);
                assertThat(held.oldestFileNum()).isEqualTo(oldest / 10);
                assertThat(held.span()).isEqualTo(read - oldest);
            }
        }
    }
}
