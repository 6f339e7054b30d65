package io.jnsq.common;

import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, once, whichever thread asks: for what a daemon's start should not
 * pay for (an HTTP client, a metrics registry).
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> maker;
    private volatile T value;

    public Lazy(Supplier<T> maker) {
        this.maker = maker;
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = maker.get();
                    value = made;
                }
            }
        }
        return made;
    }
}
