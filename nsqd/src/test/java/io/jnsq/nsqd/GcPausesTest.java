package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcPausesTest {
    @Test
    void percentileIsNsqsNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }

        assertThat(GcPauses.percentile(100, sorted)).isEqualTo(100); // index capped at the last
        assertThat(GcPauses.percentile(99, sorted)).isEqualTo(100); // floor(99 + 0.5) = 99
        assertThat(GcPauses.percentile(95, sorted)).isEqualTo(96);
        assertThat(GcPauses.percentile(95, new long[0])).isZero();
    }

    @Test
    void onlyStopTheWorldCollectionsArePauses() {
        assertThat(GcPauses.isPause("end of minor GC")).isTrue();
        assertThat(GcPauses.isPause("end of major GC")).isTrue();
        assertThat(GcPauses.isPause("end of GC pause")).isTrue();
        assertThat(GcPauses.isPause("end of GC cycle")).isFalse();
    }

    @Test
    void jvmMemStatsAreReadWithoutAHeapWalk() {
        System.gc(); // a pause to report, on collectors that honour it

        MemStats memory = JvmMemStats.read();

        assertThat(memory.heapInUseBytes()).isPositive();
        assertThat(memory.heapIdleBytes()).isNotNegative();
        assertThat(memory.nextGcBytes()).isGreaterThanOrEqualTo(memory.heapInUseBytes());
        assertThat(memory.gcPauseUsec100()).isGreaterThanOrEqualTo(memory.gcPauseUsec99())
                .isGreaterThanOrEqualTo(memory.gcPauseUsec95());
        assertThat(memory.gcTotalRuns()).isNotNegative();
    }
}
