package io.jnsq.diskqueue;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The records a queue that holds its reads has handed out and not yet had {@link DiskQueue#release released} (in
 * nsqd: messages not yet finished or stored again elsewhere), in read order. The position of the oldest is the read
 * position the queue persists, so that a crash delivers again every message that was in flight, where NSQ loses
 * them. Each read gets a sequence number (its mark); a release may come in any order, and the oldest moves on only
 * past released records.
 *
 * <p>A ring of parallel arrays rather than objects: a consumer finishing in order touches two array slots per
 * record. Not thread-safe: the disk queue holds its lock around every call but {@link #releaseLater}. What holding
 * costs is within the noise of the disk queue's own work: {@code DiskQueueBenchmark} (200 records of 226 bytes
 * written in one batch, then read and released, quiet 2-core machine, NSQ's default sync policy) measured
 * 444 ± 121 ns per record holding reads, 454 ± 153 without.
 */
final class HeldReads {
    /** Marks released while the queue's lock was taken by a write waiting for the disk: lock-free, applied later. */
    private final Queue<long[]> releasedLater = new ConcurrentLinkedQueue<>();
    private long[] fileNums = new long[64];
    private long[] positions = new long[64];
    private boolean[] released = new boolean[64];
    /** Mark of the oldest record held; marks start at 1, so that 0 can mean "none". */
    private long headMark = 1;
    private long nextMark = 1;

    /** Holds the record that starts at {@code position} of file {@code fileNum}; returns its mark. */
    long hold(long fileNum, long position) {
        if (nextMark - headMark == fileNums.length) {
            grow();
        }
        int slot = slot(nextMark);
        fileNums[slot] = fileNum;
        positions[slot] = position;
        released[slot] = false;
        return nextMark++;
    }

    /**
     * Lets the record of {@code mark} go; returns whether the oldest record held changed. Marks already let go,
     * or from before a {@link #clear()}, are ignored.
     */
    boolean release(long mark) {
        if (mark < headMark || mark >= nextMark) {
            return false;
        }
        released[slot(mark)] = true;
        if (mark != headMark) {
            return false;
        }
        while (headMark < nextMark && released[slot(headMark)]) {
            headMark++;
        }
        return true;
    }

    /** Keeps the first {@code count} of {@code marks} for {@link #takeReleasedLater}; any thread, without the lock. */
    void releaseLater(long[] marks, int count) {
        releasedLater.add(Arrays.copyOf(marks, count));
    }

    /** Marks {@link #releaseLater released later}, a batch at a time, or {@code null} when there are none. */
    long[] takeReleasedLater() {
        return releasedLater.poll();
    }

    boolean isEmpty() {
        return headMark == nextMark;
    }

    /** Records read since the oldest held one, itself included: what a restart from its position reads again. */
    long span() {
        return nextMark - headMark;
    }

    /** File of the oldest record held; only when not {@link #isEmpty()}. */
    long oldestFileNum() {
        return fileNums[slot(headMark)];
    }

    /** Position of the oldest record held; only when not {@link #isEmpty()}. */
    long oldestPosition() {
        return positions[slot(headMark)];
    }

    /** Lets every record go (the queue was emptied); their marks are ignored from now on. */
    void clear() {
        headMark = nextMark;
    }

    private int slot(long mark) {
        return (int) (mark & (fileNums.length - 1));
    }

    private void grow() {
        int size = fileNums.length;
        long[] newFiles = new long[size * 2];
        long[] newPositions = new long[size * 2];
        boolean[] newReleased = new boolean[size * 2];
        for (long mark = headMark; mark < nextMark; mark++) {
            int from = slot(mark);
            int to = (int) (mark & (size * 2 - 1));
            newFiles[to] = fileNums[from];
            newPositions[to] = positions[from];
            newReleased[to] = released[from];
        }
        fileNums = newFiles;
        positions = newPositions;
        released = newReleased;
    }
}
