package io.jnsq.nsqd;

/**
 * Message IDs as NSQ makes them: {@code (ts - epoch) << 22 | nodeId << 12 | sequence}, ts in units of 2^20 ns.
 * Unlike NSQ, a full sequence or a clock that steps back never fails a publish: the generator borrows the next
 * tick, so IDs stay unique and increasing.
 */
final class GuidFactory {
    /** NSQ subtracts this constant from the 2^20 ns tick as it is (it was meant as milliseconds). */
    private static final long TWEPOCH = 1288834974288L;
    private static final long SEQUENCE_MASK = (1L << 12) - 1;

    private final long nodeBits;
    private long lastTick = -1;
    private long sequence;

    GuidFactory(int nodeId) {
        this.nodeBits = (long) nodeId << 12;
    }

    /** The next ID; callers serialize (the topic holds its lock). */
    long next(long nowNanos) {
        long tick = nowNanos >> 20;
        if (tick > lastTick) {
            lastTick = tick;
            sequence = 0;
        } else if (++sequence > SEQUENCE_MASK) {
            lastTick++;
            sequence = 0;
        }
        return ((lastTick - TWEPOCH) << 22) | nodeBits | sequence;
    }
}
