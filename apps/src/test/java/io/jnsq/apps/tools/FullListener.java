package io.jnsq.apps.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full, for the tools' connect timeouts: Linux drops the SYNs of further
 * connects, so they neither succeed nor fail until the client gives up (a refused connect would fail at once).
 */
public final class FullListener implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();

    public FullListener() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            fill();
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** Connects until a connect no longer completes: the queue is full. */
    private void fill() throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(listener.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException e) {
                socket.close();
                return;
            }
            queued.add(socket);
        }
        throw new AssertionError("the accept queue never filled: connects do not time out here");
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : queued) {
            socket.close();
        }
        listener.close();
    }
}
