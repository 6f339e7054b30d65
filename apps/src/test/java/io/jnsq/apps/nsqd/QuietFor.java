package io.jnsq.apps.nsqd;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** True once the supplied count has not changed for a while: consumers have received everything there is. */
final class QuietFor implements BooleanSupplier {
    private final Duration quiet;
    private final IntSupplier count;
    private int last = -1;
    private long changedAt;

    QuietFor(Duration quiet, IntSupplier count) {
        this.quiet = quiet;
        this.count = count;
    }

    @Override
    public boolean getAsBoolean() {
        int now = count.getAsInt();
        if (now != last) {
            last = now;
            changedAt = System.nanoTime();
            return false;
        }
        return System.nanoTime() - changedAt >= quiet.toNanos();
    }
}
