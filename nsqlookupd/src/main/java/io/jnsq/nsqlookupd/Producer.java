package io.jnsq.nsqlookupd;

import java.time.Duration;

/**
 * A peer in one registration. Each registration holds its own producer for a peer, so a tombstone (set by
 * {@code /topic/tombstone} on the topic's producer) concerns that topic only; the flag stays until the producer is
 * removed, and hides it only for the tombstone lifetime.
 */
public final class Producer {
    /** Go's zero {@code time.Time} in Unix nanoseconds, which NSQ's {@code /debug} shows for "never". */
    public static final long NEVER = -6795364578871345152L;

    private final PeerInfo peer;
    /** {@link #NEVER} until tombstoned: one field, so a reader never sees the flag without its time. */
    private volatile long tombstonedAt = NEVER;

    Producer(PeerInfo peer) {
        this.peer = peer;
    }

    public PeerInfo peer() {
        return peer;
    }

    public boolean tombstoned() {
        return tombstonedAt != NEVER;
    }

    /** Unix nanoseconds of the last tombstone, or {@link #NEVER}. */
    public long tombstonedAt() {
        return tombstonedAt;
    }

    void tombstone(long now) {
        tombstonedAt = now;
    }

    /** Whether a tombstone set less than {@code lifetime} before {@code now} (Unix nanoseconds) hides it. */
    public boolean isTombstoned(Duration lifetime, long now) {
        long at = tombstonedAt;
        return at != NEVER && now - at < lifetime.toNanos();
    }
}
