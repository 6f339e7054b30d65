package io.jnsq.apps.tools;

import java.time.Duration;
import java.util.List;

/**
 * bitly's {@code go-hostpool} standard pool, as nsq_to_http's and nsq_to_nsq's {@code hostpool} mode use it: hosts
 * are taken in turn, skipping those marked dead; a failure marks a host dead for 30 s, doubled on each failed retry up
 * to 15 minutes; a success marks it alive; when every host is dead, all are revived. The {@code epsilon-greedy} mode
 * uses this pool too (NSQ's picks hosts by their measured response times).
 */
public final class HostPool {
    static final Duration INITIAL_RETRY_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_INTERVAL = Duration.ofSeconds(900);

    private final List<String> hosts;
    private final boolean[] dead;
    private final long[] retryDelayNanos;
    private final long[] nextRetryNanos;
    private final Clock clock;
    private int next;

    /** The time source, {@link System#nanoTime()} but in tests. */
    public interface Clock {
        long nanos();
    }

    public HostPool(List<String> hosts) {
        this(hosts, System::nanoTime);
    }

    public HostPool(List<String> hosts, Clock clock) {
        this.hosts = List.copyOf(hosts);
        this.dead = new boolean[hosts.size()];
        this.retryDelayNanos = new long[hosts.size()];
        this.nextRetryNanos = new long[hosts.size()];
        this.clock = clock;
    }

    /** The next host to use: alive, or dead but due a retry; when all are dead, all revived and the first. */
    public synchronized String get() {
        long now = clock.nanos();
        for (int i = 0; i < hosts.size(); i++) {
            int index = (next + i) % hosts.size();
            if (!dead[index] || now - nextRetryNanos[index] > 0) {
                if (dead[index]) {
                    // due a retry: tried once, then it waits again unless it succeeds
                    nextRetryNanos[index] = now + retryDelayNanos[index];
                }
                next = index + 1;
                return hosts.get(index);
            }
        }
        java.util.Arrays.fill(dead, false);
        next = 1;
        return hosts.get(0);
    }

    /** The outcome of a request to {@code host}. */
    public synchronized void mark(String host, boolean success) {
        int index = hosts.indexOf(host);
        if (success) {
            dead[index] = false;
            return;
        }
        long now = clock.nanos();
        if (!dead[index]) {
            dead[index] = true;
            retryDelayNanos[index] = INITIAL_RETRY_DELAY.toNanos();
        } else {
            retryDelayNanos[index] = Math.min(retryDelayNanos[index] * 2, MAX_RETRY_INTERVAL.toNanos());
        }
        nextRetryNanos[index] = now + retryDelayNanos[index];
    }
}
