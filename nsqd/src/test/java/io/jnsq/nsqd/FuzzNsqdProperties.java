package io.jnsq.nsqd;

import java.io.IOException;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** A fuzz test class whose tries share one {@link FuzzNsqd}, started before the first and closed after the last. */
public abstract class FuzzNsqdProperties {
    protected static FuzzNsqd nsqd;

    @BeforeContainer
    static void startNsqd() throws IOException {
        nsqd = new FuzzNsqd();
    }

    @AfterContainer
    static void stopNsqd() throws IOException {
        nsqd.close();
    }
}
