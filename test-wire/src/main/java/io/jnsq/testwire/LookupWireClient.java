package io.jnsq.testwire;

import io.jnsq.protocol.Frames;
import io.jnsq.protocol.GoDuration;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A raw nsqlookupd protocol V1 client, as nsqd speaks it, for tests: commands are sent as given and every read is
 * bounded by a timeout. V1 responses are {@code [size: int32][data]}, without V2's frame type. Not thread-safe.
 */
public final class LookupWireClient implements AutoCloseable {
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;

    private LookupWireClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.timeout = timeout;
    }

    /** Connects and sends the V1 magic; reads wait {@link WireClient#DEFAULT_TIMEOUT} at most. */
    public static LookupWireClient connect(InetSocketAddress address) {
        return connectWithoutMagic(address).send(Frames.MAGIC_V1);
    }

    /** Connects without sending anything, for tests of the magic itself. */
    public static LookupWireClient connectWithoutMagic(InetSocketAddress address) {
        Duration timeout = WireClient.DEFAULT_TIMEOUT;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            return new LookupWireClient(socket, timeout);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connect failure is what matters
            }
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /** The underlying socket, for half-closing or its local address (the peer's id in nsqlookupd). */
    public Socket socket() {
        return socket;
    }

    /** Sends raw bytes. */
    public LookupWireClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + socket.getRemoteSocketAddress(), e);
        }
        return this;
    }

    /** Sends text as its bytes. */
    public LookupWireClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code IDENTIFY\n[size][json]}, in one write: nsqlookupd may close as soon as it has read the command line (a
     * second IDENTIFY), and a later write of the body would then fail with a broken pipe.
     */
    public LookupWireClient identify(String json) {
        byte[] command = "IDENTIFY\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(ByteBuffer.allocate(command.length + 4 + body.length).put(command).putInt(body.length).put(body)
                .array());
    }

    /** {@code REGISTER topic [channel]}; a null channel registers the topic only. */
    public LookupWireClient register(String topic, String channel) {
        return send("REGISTER " + topic + (channel == null ? "" : " " + channel) + "\n");
    }

    /** {@code UNREGISTER topic [channel]}; a null channel unregisters the topic. */
    public LookupWireClient unregister(String topic, String channel) {
        return send("UNREGISTER " + topic + (channel == null ? "" : " " + channel) + "\n");
    }

    /** The next response's data as text (UTF-8). */
    public String readResponse() {
        long deadline = System.nanoTime() + timeout.toNanos();
        int size = ByteBuffer.wrap(readFully(4, deadline)).getInt();
        if (size < 0 || size > MAX_RESPONSE) {
            throw new AssertionError("impossible response size " + size);
        }
        return new String(readFully(size, deadline), StandardCharsets.UTF_8);
    }

    /** Reads a response and fails unless it is {@code OK}. */
    public LookupWireClient expectOk() {
        String response = readResponse();
        if (!response.equals("OK")) {
            throw new AssertionError("expected OK but got " + response);
        }
        return this;
    }

    /**
     * Waits until the server closes the connection, discarding whatever arrives meanwhile.
     *
     * @throws AssertionError if it is still open after {@code within}
     */
    public void assertClosed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] chunk = new byte[4096];
        try {
            while (true) {
                if (read(chunk, 0, chunk.length, deadline) < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open after " + GoDuration.format(within));
        } catch (SocketException e) {
            // reset by the peer: closed without the orderly FIN
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readFully(int length, long deadline) {
        byte[] bytes = new byte[length];
        int done = 0;
        try {
            while (done < length) {
                int read = read(bytes, done, length - done, deadline);
                if (read < 0) {
                    throw new EOFException("connection closed after " + done + " of " + length + " bytes");
                }
                done += read;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within " + GoDuration.format(timeout), e);
        } catch (IOException e) {
            throw new AssertionError("reading from " + socket.getRemoteSocketAddress() + " failed", e);
        }
        return bytes;
    }

    /** One read that gives up at the deadline with {@link SocketTimeoutException}. */
    private int read(byte[] into, int offset, int length, long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException();
        }
        // SO_TIMEOUT 0 would mean "forever", so never go below 1 ms.
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining))));
        return in.read(into, offset, length);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test client cannot fail in a way that matters
        }
    }
}
