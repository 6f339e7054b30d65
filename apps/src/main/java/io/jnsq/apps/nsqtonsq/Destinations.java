package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.tools.HostPool;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which destination nsqd gets the next message. Round-robin as NSQ's: a counter incremented first, so the first
 * message goes to the second address. {@code hostpool} and {@code epsilon-greedy}: go-hostpool's standard pool
 * (the one nsq_to_http uses), which skips a destination whose publish failed until its retry is due; go-hostpool's
 * epsilon-greedy weighting by response time is not reproduced.
 */
final class Destinations {
    private final List<String> addresses;
    private final HostPool pool;
    private final AtomicLong counter = new AtomicLong();

    Destinations(List<String> addresses, boolean hostPool) {
        this.addresses = List.copyOf(addresses);
        this.pool = hostPool ? new HostPool(addresses) : null;
    }

    /** The index of the destination for the next message. */
    int next() {
        if (pool != null) {
            return addresses.indexOf(pool.get());
        }
        return (int) Long.remainderUnsigned(counter.incrementAndGet(), addresses.size());
    }

    /** The outcome of a publish to destination {@code index}. */
    void mark(int index, boolean success) {
        if (pool != null) {
            pool.mark(addresses.get(index), success);
        }
    }

    String address(int index) {
        return addresses.get(index);
    }

    int size() {
        return addresses.size();
    }
}
