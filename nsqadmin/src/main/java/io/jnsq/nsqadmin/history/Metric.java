package io.jnsq.nsqadmin.history;

/** What the history keeps of a topic, a channel or a node at each poll; the names are the JSON keys. */
public enum Metric {
    /** Messages per second: the growth of {@code message_count} since the poll before. */
    MESSAGE_RATE("message_rate"),
    DEPTH("depth"),
    IN_FLIGHT("in_flight"),
    /** Requeues per second. */
    REQUEUE_RATE("requeue_rate"),
    /** Timeouts per second. */
    TIMEOUT_RATE("timeout_rate"),
    /** The highest end-to-end latency percentile nsqd tracks, in milliseconds; absent without {@code --e2e-*}. */
    E2E_LATENCY_MS("e2e_latency_ms");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
