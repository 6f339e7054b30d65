package io.jnsq.nsqadmin.history;

/** One poll's figures of a topic, a channel or a node, summed over the nsqd that have it. */
public final class Reading {
    long messageCount;
    long depth;
    long inFlight;
    long requeueCount;
    long timeoutCount;
    /** NaN when no nsqd tracks the latency. */
    double e2eLatencyMs = Double.NaN;

    public Reading add(long messageCount, long depth, long inFlight, long requeueCount, long timeoutCount) {
        this.messageCount += messageCount;
        this.depth += depth;
        this.inFlight += inFlight;
        this.requeueCount += requeueCount;
        this.timeoutCount += timeoutCount;
        return this;
    }

    /** The slowest of the nodes' latencies counts: a chart of the worst is the one that tells. */
    public Reading addE2eLatencyMs(double latencyMs) {
        if (!Double.isNaN(latencyMs) && (Double.isNaN(e2eLatencyMs) || latencyMs > e2eLatencyMs)) {
            e2eLatencyMs = latencyMs;
        }
        return this;
    }
}
