package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sliding window is driven by explicit {@code now} values: no test waits for time to pass. */
class ProcessingLatencyWindowTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long T0 = 1_000 * SECOND;
    /** Four slots of one second. */
    private final ProcessingLatencyWindow window = new ProcessingLatencyWindow(Duration.ofSeconds(4), T0);

    /** A message published {@code agoNanos} before now: finishing it now records about that latency. */
    private static Message publishedAgo(long agoNanos) {
        return new Message(1, WallClock.nowNanos() - agoNanos, new byte[0]);
    }

    @Test
    void percentilesAreWithinOnePercentOfTheRecordedLatencies() {
        LatencyRecorder recorder = window.recorderForCurrentThread();
        for (int ms = 1; ms <= 100; ms++) {
            recorder.finished(publishedAgo(TimeUnit.MILLISECONDS.toNanos(ms)));
        }

        LatencyPercentiles result = LatencyPercentiles.of(window.snapshot(T0), List.of(1.0, 0.99, 0.5));

        assertThat(result.count()).isEqualTo(100);
        assertThat(result.percentiles()).extracting(LatencyPercentiles.Percentile::quantile)
                .containsExactly(1.0, 0.99, 0.5);
        // recorded values are the ages plus the few microseconds between taking the clock twice
        assertThat(result.percentiles().get(0).value()).isBetween(100_000_000L, 102_000_000L);
        assertThat(result.percentiles().get(1).value()).isBetween(99_000_000L, 101_000_000L);
        assertThat(result.percentiles().get(2).value()).isBetween(50_000_000L, 51_000_000L);
    }

    @Test
    void anEmptyWindowReportsZeros() {
        LatencyPercentiles result = LatencyPercentiles.of(window.snapshot(T0), List.of(1.0, 0.5));

        assertThat(result.count()).isZero();
        assertThat(result.percentiles()).extracting(LatencyPercentiles.Percentile::value).containsExactly(0L, 0L);
    }

    @Test
    void latenciesStayForTheWindowThenLeave() {
        window.recorderForCurrentThread().finished(publishedAgo(SECOND));
        window.advance(T0 + SECOND / 2); // nsqd's timer moves them into the slot of their time

        assertThat(window.snapshot(T0 + 3 * SECOND + SECOND / 2).getTotalCount()).isEqualTo(1);
        assertThat(window.snapshot(T0 + 4 * SECOND).getTotalCount()).isZero();
    }

    @Test
    void theWindowSlidesSlotBySlot() {
        LatencyRecorder recorder = window.recorderForCurrentThread();
        for (int second = 0; second < 6; second++) {
            window.advance(T0 + second * SECOND);
            recorder.finished(publishedAgo(1_000));
        }

        // one latency per second; at 5 s the slots of seconds 2, 3, 4 and 5 remain
        assertThat(window.snapshot(T0 + 5 * SECOND).getTotalCount()).isEqualTo(4);
    }

    @Test
    void aQuietSpellLongerThanTheWindowEmptiesIt() {
        window.recorderForCurrentThread().finished(publishedAgo(1_000));
        window.advance(T0);

        assertThat(window.snapshot(T0 + 60 * SECOND).getTotalCount()).isZero();
    }

    @Test
    @Timeout(10)
    void everyThreadRecordsIntoItsOwnRecorderAndAQueryCountsThemAll() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int t = 0; t < 2; t++) {
                threads.submit(() -> {
                    LatencyRecorder recorder = window.recorderForCurrentThread();
                    for (int i = 0; i < 1000; i++) {
                        recorder.finished(publishedAgo(1_000_000));
                    }
                }).get();
            }
        } finally {
            threads.shutdown();
        }
        window.recorderForCurrentThread().finished(publishedAgo(1_000_000));

        Histogram snapshot = window.snapshot(T0);

        assertThat(snapshot.getTotalCount()).isEqualTo(2001);
    }

    @Test
    void aThreadGetsTheSameRecorderEachTime() {
        assertThat(window.recorderForCurrentThread()).isSameAs(window.recorderForCurrentThread());
    }
}
