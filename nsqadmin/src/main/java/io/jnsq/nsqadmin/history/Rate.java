package io.jnsq.nsqadmin.history;

/** A counter's growth per second between two polls, as the charts show message, requeue and timeout counts. */
final class Rate {
    private Rate() {
    }

    /**
     * @return the growth per second, or NaN (a gap in the chart) without an earlier count, or when the counter went
     *         down: nsqd restarted or the topic was deleted and made again, so the growth is unknown
     */
    static float perSecond(long previousCount, long previousMillis, long count, long millis) {
        if (previousMillis < 0 || count < previousCount || millis <= previousMillis) {
            return Float.NaN;
        }
        return (float) ((count - previousCount) * 1000.0 / (millis - previousMillis));
    }
}
