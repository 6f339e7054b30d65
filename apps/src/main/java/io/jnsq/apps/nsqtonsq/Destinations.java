package io.jnsq.apps.nsqtonsq;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which destination nsqd gets the next message. Round-robin as NSQ's: a counter incremented first, so the first
 * message goes to the second address. {@code hostpool} and {@code epsilon-greedy} are round-robin over the
 * destinations that have not failed lately: a failed publish rests its destination for 30 seconds (go-hostpool's
 * first retry delay); when every destination rests, all are tried again. go-hostpool's epsilon-greedy weighting by
 * response time is not reproduced.
 */
final class Destinations {
    static final long RETRY_NANOS = 30_000_000_000L;

    private final List<String> addresses;
    private final boolean healthAware;
    private final AtomicLong counter = new AtomicLong();
    /** Per destination: the nanoTime until which it rests, 0 when healthy. */
    private final AtomicLongArray restingUntil;

    Destinations(List<String> addresses, boolean healthAware) {
        this.addresses = List.copyOf(addresses);
        this.healthAware = healthAware;
        this.restingUntil = new AtomicLongArray(addresses.size());
    }

    /** The index of the destination for the next message. */
    int next() {
        int n = addresses.size();
        if (!healthAware) {
            return (int) Long.remainderUnsigned(counter.incrementAndGet(), n);
        }
        long now = System.nanoTime();
        for (int tries = 0; tries < n; tries++) {
            int index = (int) Long.remainderUnsigned(counter.incrementAndGet(), n);
            long until = restingUntil.get(index);
            if (until == 0 || now - until >= 0) {
                return index;
            }
        }
        for (int i = 0; i < n; i++) {
            restingUntil.set(i, 0);
        }
        return (int) Long.remainderUnsigned(counter.incrementAndGet(), n);
    }

    /** The outcome of a publish to destination {@code index}. */
    void mark(int index, boolean success) {
        if (healthAware) {
            restingUntil.set(index, success ? 0 : System.nanoTime() + RETRY_NANOS);
        }
    }

    String address(int index) {
        return addresses.get(index);
    }

    int size() {
        return addresses.size();
    }
}
