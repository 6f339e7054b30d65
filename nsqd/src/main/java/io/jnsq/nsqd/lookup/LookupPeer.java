package io.jnsq.nsqd.lookup;

import io.jnsq.protocol.Frames;
import io.jnsq.protocol.HostPort;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One nsqlookupd, as nsqd talks to it: a blocking connection, opened lazily by the first command after a failure,
 * each command answered by one V1 response ({@code [size: int32][data]}). A failed write or read closes it. Used by
 * the lookup loop's thread only.
 */
final class LookupPeer implements AutoCloseable {
    /** NSQ's dial timeout and read and write deadlines. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** What to do on each new connection, before any other command: IDENTIFY and register everything. */
    interface ConnectCallback {
        void connected(LookupPeer peer) throws IOException;
    }

    private final String address;
    private final long maxResponseSize;
    private final ConnectCallback onConnect;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    LookupPeer(String address, long maxResponseSize, ConnectCallback onConnect) {
        this.address = address;
        this.maxResponseSize = maxResponseSize;
        this.onConnect = onConnect;
    }

    String address() {
        return address;
    }

    boolean isConnected() {
        return socket != null;
    }

    /**
     * Connects (magic, then the connect callback) unless connected.
     *
     * @throws IOException when connecting or the callback fails; the connection is closed then
     */
    void ensureConnected() throws IOException {
        if (socket == null) {
            connect();
        }
    }

    /**
     * Sends the command and reads its response, connecting first if needed.
     *
     * @param command a whole command
     * @throws IOException when connecting, writing or reading fails; the connection is closed then
     */
    byte[] command(byte[] command) throws IOException {
        ensureConnected();
        try {
            out.write(command);
            out.flush();
            int size = in.readInt();
            if (size < 0 || size > maxResponseSize) {
                throw new IOException("response size " + size + " out of range 0-" + maxResponseSize);
            }
            byte[] response = new byte[size];
            in.readFully(response);
            return response;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket dialing = new Socket();
        try {
            dialing.setTcpNoDelay(true);
            dialing.connect(HostPort.parse(address).dialAddress(), (int) TIMEOUT.toMillis());
            dialing.setSoTimeout((int) TIMEOUT.toMillis());
            dialing.getOutputStream().write(Frames.MAGIC_V1);
        } catch (IOException | IllegalArgumentException e) {
            dialing.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        socket = dialing;
        in = new DataInputStream(dialing.getInputStream());
        out = dialing.getOutputStream();
        try {
            onConnect.connected(this);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Whether nsqlookupd closed the connection: it never speaks unasked, so anything but silence means the
     * connection is gone. Lets nsqd re-register within a second of a restart, where NSQ waits for its next PING.
     */
    boolean closedByPeer() {
        if (socket == null) {
            return false;
        }
        try {
            socket.setSoTimeout(1);
            in.read(); // the end of the stream, or a byte nsqlookupd had no reason to send: done either way
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (socket != null) {
                    socket.setSoTimeout((int) TIMEOUT.toMillis());
                }
            } catch (IOException ignored) {
                // a broken socket is found by the next command
            }
        }
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        socket = null;
        in = null;
        out = null;
    }

    @Override
    public String toString() {
        return address;
    }
}
