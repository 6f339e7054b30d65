package io.jnsq.apps.nsqstat;

import io.jnsq.apps.tools.ChannelTotals;
import java.time.Duration;
import java.util.Locale;

/** nsq_stat's output, byte for byte as NSQ's {@code fmt.Printf} calls write it. */
public final class StatFormat {
    /** A header is printed before the first poll and before every 25th after it. */
    static final int HEADER_EVERY = 25;

    /** The two header lines. */
    public static final String HEADER = "------rate------+----------------depth----------------+"
            + "--------------metadata---------------\n"
            + String.format(Locale.ROOT, "%7s %7s | %7s %7s %7s %5s %5s | %7s %7s %12s %7s\n",
                    "ingress", "egress", "total", "mem", "disk", "inflt", "def", "req", "t-o", "msgs", "clients");

    private StatFormat() {
    }

    /** Whether the header goes before poll {@code i} (0 being the poll that only primes). */
    static boolean headerBefore(int poll) {
        return poll % HEADER_EVERY == 0;
    }

    /**
     * One row: ingress is the messages the channel received per second since the previous poll, egress those that
     * left it (received minus the growth of its depth); then the current totals.
     */
    public static String row(ChannelTotals previous, ChannelTotals current, Duration interval) {
        double seconds = interval.toNanos() / 1e9;
        long received = current.messageCount() - previous.messageCount();
        long grown = current.depth() - previous.depth();
        return String.format(Locale.ROOT, "%7d %7d | %7d %7d %7d %5d %5d | %7d %7d %12d %7d\n",
                (long) (received / seconds), (long) ((received - grown) / seconds),
                current.depth(), current.memoryDepth(), current.backendDepth(), current.inFlightCount(),
                current.deferredCount(), current.requeueCount(), current.timeoutCount(), current.messageCount(),
                current.clientCount());
    }
}
