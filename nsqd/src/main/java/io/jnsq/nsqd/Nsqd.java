package io.jnsq.nsqd;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An nsqd: topics, channels and the listeners that serve them. Embeddable:
 * {@code try (Nsqd nsqd = new Nsqd(options).start()) { ... }}.
 */
public final class Nsqd implements AutoCloseable {
    /** The NSQ version we are compatible with, reported in IDENTIFY, /info and /stats. */
    public static final String VERSION = "1.3.0";

    private final NsqdOptions options;

    public Nsqd(NsqdOptions options) {
        options.validate();
        this.options = options;
    }

    /** Binds the listeners and starts serving. */
    public Nsqd start() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bound TCP address (the real port when the option asked for port 0). */
    public InetSocketAddress tcpAddress() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bound HTTP address, or {@code null} when HTTP is disabled. */
    public InetSocketAddress httpAddress() {
        throw new UnsupportedOperationException("not yet");
    }

    public NsqdOptions options() {
        return options;
    }

    /** Graceful stop: stop accepting, close clients, shut down. */
    @Override
    public void close() {
    }
}
