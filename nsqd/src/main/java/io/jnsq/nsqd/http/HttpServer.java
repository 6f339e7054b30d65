package io.jnsq.nsqd.http;

import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.net.EventLoops;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The HTTP listener on --http-address. */
public final class HttpServer implements AutoCloseable {
    private HttpServer() {
    }

    public static HttpServer start(Nsqd nsqd, EventLoops loops) throws IOException {
        throw new IOException("HTTP not implemented yet");
    }

    public InetSocketAddress address() {
        return null;
    }

    @Override
    public void close() {
    }
}
