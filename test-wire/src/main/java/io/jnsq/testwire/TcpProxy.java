package io.jnsq.testwire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A TCP proxy on {@code 127.0.0.1} that a test can cut or silence, to stand for a network partition between two
 * daemons or between a client and a daemon, and heal.
 *
 * <p>{@link #cut()} resets every connection through it and refuses new ones (each is accepted, since the kernel
 * completes the handshake anyway, and closed at once), as a peer sees a link that fails: the next read or write
 * fails. {@link #silence()} is a partition that drops packets instead: nothing crosses, in either direction, not
 * even a close, and a new connection reaches no one; each side learns of it only by a timeout of its own. After
 * {@link #heal()} what was held crosses, as TCP retransmits it, and new connections go through again. The target
 * is asked for at each connection, so a proxy can be made before the daemon it leads to has its port.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final Supplier<InetSocketAddress> target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;
    private boolean silent;
    private volatile boolean closed;

    private TcpProxy(Supplier<InetSocketAddress> target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code target}, asked for its address at each new connection. */
    public static TcpProxy to(Supplier<InetSocketAddress> target) {
        try {
            return new TcpProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many connections the proxy has accepted (refused ones, while cut, included). */
    public int accepted() {
        return accepted.get();
    }

    /** Where to connect instead of the target. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Resets every connection through the proxy and refuses new ones until {@link #heal()}. */
    public void cut() {
        cut = true;
        closeAll();
    }

    /** Holds every byte and close, both ways, and connects new connections to no one, until {@link #heal()}. */
    public synchronized void silence() {
        silent = true;
    }

    /** Lets connections, and what a silence held, through again. */
    public synchronized void heal() {
        cut = false;
        silent = false;
        notifyAll();
    }

    /** Waits while the proxy is silenced; {@code false} once it is closed. */
    private synchronized boolean awaitHeard() {
        try {
            while (silent && !closed) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do about a listener that failed to close
        }
        closeAll();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (cut) {
                reset(client);
                continue;
            }
            open.add(client);
            Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect-" + client.getPort());
            connector.setDaemon(true);
            connector.start();
        }
    }

    /** Connects {@code client} to the target once the proxy is heard, and pumps both ways. */
    private void connect(Socket client) {
        if (!awaitHeard()) {
            reset(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(target.get(), 1_000);
        } catch (IOException e) {
            reset(client);
            closeQuietly(upstream);
            return;
        }
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    /** Copies {@code from} to {@code to} on a thread of its own until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_SIZE];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!awaitHeard()) {
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // a reset or cut link ends the pump like an end of stream
            } finally {
                // a close made during a silence reaches the other side after the heal, as a FIN would be retransmitted
                awaitHeard();
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-pump-" + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** Closes with a reset rather than a FIN, as a failed link is seen: the peer's next read or write fails. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do about a socket that failed to close
        }
    }
}
