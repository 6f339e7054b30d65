package io.jnsq.nsqadmin.history;

import java.util.HashMap;
import java.util.Map;

/**
 * The rolling history the UI's charts draw: at each poll ({@link #record}) a reading of every topic, channel and
 * node, kept for the last {@code capacity} polls. A series not seen for that long is dropped, so deleted topics and
 * channels free their memory.
 */
public final class History {
    private final int capacity;
    private final long[] tickMillis;
    private final Map<String, Series> series = new HashMap<>();
    private long tick = -1;

    /** @param capacity how many polls each series keeps: 720 is an hour at 5 s */
    public History(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a history of fewer than 2 polls has no rates");
        }
        this.capacity = capacity;
        this.tickMillis = new long[capacity];
    }

    public static String topicKey(String topic) {
        return "topic " + topic;
    }

    /** Names hold no space, so no two keys collide. */
    public static String channelKey(String topic, String channel) {
        return "channel " + topic + " " + channel;
    }

    public static String nodeKey(String node) {
        return "node " + node;
    }

    /** One poll: the readings by key, taken at {@code millis}. */
    public synchronized void record(long millis, Map<String, Reading> readings) {
        tick++;
        tickMillis[(int) (tick % capacity)] = millis;
        readings.forEach((key, reading) ->
                series.computeIfAbsent(key, k -> new Series(capacity, tick)).record(tick, millis, reading));
        series.values().removeIf(s -> s.lastTick() <= tick - capacity);
    }

    /** The series of a key from its first poll in the window to the last poll; {@code null} for none. */
    public synchronized Chart chart(String key) {
        Series s = series.get(key);
        if (s == null) {
            return null;
        }
        long from = Math.max(s.firstTick(), tick - capacity + 1);
        int length = (int) (tick - from + 1);
        long[] millis = new long[length];
        Metric[] metrics = Metric.values();
        float[][] values = new float[metrics.length][length];
        for (int i = 0; i < length; i++) {
            millis[i] = tickMillis[(int) ((from + i) % capacity)];
            for (Metric metric : metrics) {
                values[metric.ordinal()][i] = s.value(metric, from + i);
            }
        }
        return new Chart(millis, values);
    }

    /** How many series are kept now. */
    public synchronized int size() {
        return series.size();
    }

    /**
     * Aligned columns, as uPlot draws them: the polls' times and, per {@link Metric} (by ordinal), its values with
     * NaN for gaps.
     */
    public record Chart(long[] millis, float[][] values) {
        public float[] values(Metric metric) {
            return values[metric.ordinal()];
        }
    }
}
