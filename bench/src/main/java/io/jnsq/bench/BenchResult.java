package io.jnsq.bench;

import io.jnsq.protocol.GoDuration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * What one run measured, and NSQ's result line for it.
 *
 * @param messages messages published or finished, over all workers
 * @param duration from releasing the workers until the last one stopped
 * @param size the message size, used only for the throughput in MiB/s
 */
public record BenchResult(long messages, Duration duration, int size) {

    /**
     * NSQ's line, {@code duration: 10.0012s - 38.147mb/s - 200000.000ops/s - 5.000us/op}: "mb" is MiB, and
     * us/op is the whole microseconds of the run over the message count, as in the Go tools.
     */
    public String line() {
        double seconds = duration.toNanos() / 1e9;
        double mibPerSecond = (double) (messages * size) / seconds / 1024 / 1024;
        double opsPerSecond = messages / seconds;
        double microsPerOp = (double) (duration.toNanos() / 1000) / messages;
        return "duration: " + GoDuration.format(duration)
                + " - " + goFixed3(mibPerSecond) + "mb/s"
                + " - " + goFixed3(opsPerSecond) + "ops/s"
                + " - " + goFixed3(microsPerOp) + "us/op";
    }

    /**
     * Go's {@code %.03f}: the exact binary value rounded half-to-even to three decimals, and {@code +Inf},
     * {@code -Inf}, {@code NaN} for the non-finite values (a run that moved no message has infinite us/op).
     */
    static String goFixed3(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String text = new BigDecimal(value).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        return value < 0 || (value == 0 && 1 / value < 0) ? negative(text) : text;
    }

    private static String negative(String text) {
        return text.startsWith("-") ? text : "-" + text;
    }
}
