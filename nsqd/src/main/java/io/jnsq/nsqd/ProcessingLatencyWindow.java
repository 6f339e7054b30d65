package io.jnsq.nsqd;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One channel's end-to-end processing latencies (publish to FIN) over --e2e-processing-latency-window-time:
 * HdrHistograms in a ring of {@value #SLOTS} slots, each covering a quarter of the window. A query sees the
 * current slot and the three before it, so between three quarters of the window and all of it (NSQ's two
 * alternating streams see between half of it and all of it).
 *
 * <p>Recording costs a FIN no lock and no contended write: each thread that finishes messages (an event loop)
 * records into its own {@link SingleWriterRecorder}. The reader side (queries, and nsqd's timer calling
 * {@link #advance} once per slot so that values land in the slot of their time) moves what the recorders hold
 * into the current slot under this window's lock, which recording never takes.
 */
public final class ProcessingLatencyWindow {
    static final int SLOTS = 4;
    /** Values within 1%; NSQ's estimator is within 1% in rank. */
    private static final int SIGNIFICANT_DIGITS = 2;

    private final long slotNanos;
    private final Map<Thread, ThreadRecorder> recorders = new ConcurrentHashMap<>();
    /** Packed: a slot holds a few KB where a plain histogram of the same range holds 20. */
    private final PackedHistogram[] slots = new PackedHistogram[SLOTS];
    private int current;
    private long currentStart;

    ProcessingLatencyWindow(Duration window, long now) {
        this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new PackedHistogram(SIGNIFICANT_DIGITS);
        }
        this.currentStart = now;
    }

    /**
     * Moves every channel's e2e latencies (of the live {@code topics}) into the slot of their time, once per slot,
     * for as long as {@code timer} runs.
     */
    static void advanceEverySlot(ScheduledExecutorService timer, Duration window, Collection<Topic> topics) {
        // a tiny window is still correct at query time; the timer need not run that often
        long period = Math.max(slotDuration(window).toNanos(), TimeUnit.MILLISECONDS.toNanos(100));
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (Topic topic : topics) {
                topic.advanceLatencyWindows(now);
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** How often {@link #advance} should run. */
    static Duration slotDuration(Duration window) {
        return Duration.ofNanos(Math.max(1, window.toNanos() / SLOTS));
    }

    /** The calling thread's recorder: keep it, and record only from this thread. */
    LatencyRecorder recorderForCurrentThread() {
        return recorders.computeIfAbsent(Thread.currentThread(), t -> new ThreadRecorder());
    }

    /**
     * Moves what was recorded since the last call into the current slot, then starts a new slot for each slot
     * time passed ({@code now} is {@link System#nanoTime()}).
     */
    synchronized void advance(long now) {
        for (ThreadRecorder recorder : recorders.values()) {
            slots[current].add(recorder.takeRecorded());
        }
        long passed = (now - currentStart) / slotNanos;
        if (passed <= 0) {
            return;
        }
        for (long i = 0; i < Math.min(passed, SLOTS); i++) {
            current = (current + 1) % SLOTS;
            slots[current].reset();
        }
        currentStart += passed * slotNanos;
    }

    /** The latencies in the window now: a new histogram, the caller's to keep. */
    synchronized Histogram snapshot(long now) {
        advance(now);
        Histogram window = new Histogram(SIGNIFICANT_DIGITS);
        for (PackedHistogram slot : slots) {
            window.add(slot);
        }
        return window;
    }

    /** A new, empty histogram of the window's precision, for merging windows (a topic's channels). */
    static Histogram emptyHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    private static final class ThreadRecorder implements LatencyRecorder {
        private final SingleWriterRecorder recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);

        @Override
        public void finished(Message message) {
            // a wall clock stepping back must not make a negative latency, which HdrHistogram refuses
            recorder.recordValue(Math.max(0, WallClock.nowNanos() - message.timestamp));
        }

        /** What was recorded since the last call; the recorder goes on in a fresh histogram. */
        Histogram takeRecorded() {
            return recorder.getIntervalHistogram();
        }
    }
}
