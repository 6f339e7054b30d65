package io.jnsq.nsqd;

/** Records the end-to-end processing latency of finished messages: one channel's, from one thread. */
public interface LatencyRecorder {
    /** For channels that do not measure (no --e2e-processing-latency-percentile). */
    LatencyRecorder NONE = message -> { };

    /** A consumer finished {@code message} (FIN) now. */
    void finished(Message message);
}
