package io.jnsq.nsqadmin.history;

/**
 * The history of one topic, channel or node: per metric a ring of floats indexed by the poll's tick, so memory stays
 * fixed whatever the uptime. A tick it was not seen at (its nsqd did not answer) is NaN, a gap.
 */
final class Series {
    private final int capacity;
    private final float[][] values;
    private final long firstTick;
    private long lastTick = -1;
    private long previousMillis = -1;
    private long previousMessages;
    private long previousRequeues;
    private long previousTimeouts;

    Series(int capacity, long firstTick) {
        this.capacity = capacity;
        this.firstTick = firstTick;
        this.values = new float[Metric.values().length][capacity];
    }

    void record(long tick, long millis, Reading reading) {
        for (long gap = Math.max(lastTick + 1, tick - capacity + 1); gap < tick; gap++) {
            for (float[] ring : values) {
                ring[slot(gap)] = Float.NaN;
            }
        }
        int slot = slot(tick);
        values[Metric.MESSAGE_RATE.ordinal()][slot] =
                Rate.perSecond(previousMessages, previousMillis, reading.messageCount, millis);
        values[Metric.REQUEUE_RATE.ordinal()][slot] =
                Rate.perSecond(previousRequeues, previousMillis, reading.requeueCount, millis);
        values[Metric.TIMEOUT_RATE.ordinal()][slot] =
                Rate.perSecond(previousTimeouts, previousMillis, reading.timeoutCount, millis);
        values[Metric.DEPTH.ordinal()][slot] = reading.depth;
        values[Metric.IN_FLIGHT.ordinal()][slot] = reading.inFlight;
        values[Metric.E2E_LATENCY_MS.ordinal()][slot] = (float) reading.e2eLatencyMs;
        previousMillis = millis;
        previousMessages = reading.messageCount;
        previousRequeues = reading.requeueCount;
        previousTimeouts = reading.timeoutCount;
        lastTick = tick;
    }

    long firstTick() {
        return firstTick;
    }

    long lastTick() {
        return lastTick;
    }

    /** The metric at a tick of the last {@code capacity}; NaN where the series has no value. */
    float value(Metric metric, long tick) {
        if (tick < firstTick || tick > lastTick || tick <= lastTick - capacity) {
            return Float.NaN;
        }
        return values[metric.ordinal()][slot(tick)];
    }

    private int slot(long tick) {
        return (int) (tick % capacity);
    }
}
