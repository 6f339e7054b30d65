package io.jnsq.testwire;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A raw NSQ V2 protocol client for tests: it sends exactly the bytes asked for and reads frames back, nothing
 * more (no RDY management, no heartbeat replies, no reconnects).
 *
 * <p>Every read has a deadline ({@link #DEFAULT_TIMEOUT} unless configured), so a server that stays silent
 * fails the test instead of hanging it. Read problems (timeout, unexpected frame, connection closed) throw
 * {@link AssertionError}; write problems throw {@link UncheckedIOException}. Command methods return
 * {@code this}, so a test reads {@code client.sub("t", "c").expectOk()}.
 *
 * <p>{@link #readFrame()} returns heartbeats like any other frame; {@link #readResponse()},
 * {@link #readError()}, {@link #readMessage()} and {@link #expectOk()} skip them, as an NSQ client must when
 * matching replies. Not thread-safe.
 */
public final class WireClient implements AutoCloseable {
    /** How long a read waits unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;
    private Duration timeout;

    private WireClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(socket);
        this.timeout = timeout;
    }

    /** Connects and sends the V2 magic, with the default read timeout. */
    public static WireClient connect(InetSocketAddress address) {
        return connect(address, DEFAULT_TIMEOUT);
    }

    /** Connects and sends the V2 magic; {@code timeout} bounds the connect and every read. */
    public static WireClient connect(InetSocketAddress address, Duration timeout) {
        WireClient client = connectWithoutMagic(address, timeout);
        try {
            return client.send(Frames.MAGIC_V2);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Connects without sending anything, for tests of the magic itself. */
    public static WireClient connectWithoutMagic(InetSocketAddress address) {
        return connectWithoutMagic(address, DEFAULT_TIMEOUT);
    }

    /** Connects without sending anything; {@code timeout} bounds the connect and every read. */
    public static WireClient connectWithoutMagic(InetSocketAddress address, Duration timeout) {
        requirePositive(timeout);
        Socket socket = new Socket();
        try {
            // Commands are small writes that each expect a reply: Nagle would only add latency.
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            return new WireClient(socket, timeout);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /** The read timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** Changes the read timeout for the reads that follow. */
    public WireClient timeout(Duration timeout) {
        this.timeout = requirePositive(timeout);
        return this;
    }

    /** The underlying socket, for the odd test that needs it (half-close, local port). */
    public Socket socket() {
        return socket;
    }

    // ---- sending ----

    /** Sends raw bytes. */
    public WireClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + remote(), e);
        }
        return this;
    }

    /** Sends whatever {@code encoder} writes, for example {@code send(out -> Commands.line(out, "FOO"))}. */
    public WireClient send(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            return send(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    /** {@code IDENTIFY} with a JSON body. */
    public WireClient identify(String json) {
        return send(buf -> Commands.identify(buf, json));
    }

    /** {@code AUTH} with a UTF-8 secret. */
    public WireClient auth(String secret) {
        return send(buf -> Commands.auth(buf, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code SUB topic channel}. */
    public WireClient sub(String topic, String channel) {
        return send(buf -> Commands.sub(buf, topic, channel));
    }

    /** {@code RDY count}. */
    public WireClient rdy(int count) {
        return send(buf -> Commands.rdy(buf, count));
    }

    /** {@code FIN id}; {@code id} is sent as given, so tests can send malformed IDs. */
    public WireClient fin(String id) {
        return send(buf -> Commands.fin(buf, id));
    }

    /** {@code REQ id delay}, the delay in milliseconds. */
    public WireClient req(String id, long delayMillis) {
        return send(buf -> Commands.req(buf, id, delayMillis));
    }

    /** {@code TOUCH id}. */
    public WireClient touch(String id) {
        return send(buf -> Commands.touch(buf, id));
    }

    /** {@code NOP}: no reply; also what keeps a heartbeat-checked connection alive. */
    public WireClient nop() {
        return send(Commands::nop);
    }

    /** {@code CLS}: the server answers {@code CLOSE_WAIT}. */
    public WireClient cls() {
        return send(Commands::cls);
    }

    /** {@code PUB topic} with a body. */
    public WireClient pub(String topic, byte[] body) {
        return send(buf -> Commands.pub(buf, topic, body));
    }

    /** {@code PUB} with a UTF-8 body. */
    public WireClient pub(String topic, String body) {
        return pub(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code MPUB topic} with the bodies, body size and count computed by {@link Commands#mpub}. */
    public WireClient mpub(String topic, List<byte[]> bodies) {
        return send(buf -> Commands.mpub(buf, topic, bodies));
    }

    /** {@code DPUB topic defer} with a body, the deferral in milliseconds. */
    public WireClient dpub(String topic, long deferMillis, byte[] body) {
        return send(buf -> Commands.dpub(buf, topic, deferMillis, body));
    }

    /** {@code DPUB} with a UTF-8 body. */
    public WireClient dpub(String topic, long deferMillis, String body) {
        return dpub(topic, deferMillis, body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reading ----

    /**
     * The next frame, heartbeats included.
     *
     * @throws AssertionError on timeout, on a closed connection or on an undecodable frame
     */
    public Frame readFrame() {
        return next(deadline(timeout), "a frame");
    }

    /** The next frame that is not a heartbeat; the timeout covers the whole wait. */
    public Frame readFrameSkippingHeartbeats() {
        long deadline = deadline(timeout);
        while (true) {
            Frame frame = next(deadline, "a frame other than a heartbeat");
            if (!frame.isHeartbeat()) {
                return frame;
            }
        }
    }

    /** Reads a response frame (skipping heartbeats) and returns its text; fails on any other frame type. */
    public String readResponse() {
        return expect(FrameType.RESPONSE).text();
    }

    /** Reads an error frame (skipping heartbeats) and returns its text, for example {@code E_INVALID ...}. */
    public String readError() {
        return expect(FrameType.ERROR).text();
    }

    /** Reads a message frame (skipping heartbeats). */
    public Message readMessage() {
        return expect(FrameType.MESSAGE).message();
    }

    /** Reads a response frame (skipping heartbeats) and fails unless it is {@code OK}. */
    public WireClient expectOk() {
        String text = readResponse();
        if (!text.equals("OK")) {
            throw new AssertionError("expected response OK from " + remote() + " but got " + text);
        }
        return this;
    }

    /**
     * Waits until the server closes the connection (end of stream or reset), discarding whatever arrives
     * meanwhile.
     *
     * @throws AssertionError if the connection is still open after {@code within}
     */
    public void assertClosed(Duration within) {
        try {
            if (!reader.awaitClose(deadline(within))) {
                throw new AssertionError(remote() + " did not close the connection within "
                        + GoDuration.format(within));
            }
        } catch (IOException e) {
            throw new AssertionError("reading from " + remote() + " failed", e);
        }
    }

    /**
     * Fails if any frame, heartbeats included, arrives within {@code period}; the connection stays usable.
     * This waits the whole period, so use it sparingly and with short periods.
     */
    public void assertNoFrame(Duration period) {
        Frame frame = poll(deadline(period), "no frame");
        if (frame != null) {
            throw new AssertionError("expected no frame from " + remote() + " within " + GoDuration.format(period)
                    + " but got " + frame);
        }
    }

    /** Closes the socket. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "WireClient[" + socket.getLocalSocketAddress() + " -> " + remote() + "]";
    }

    private Frame expect(FrameType type) {
        Frame frame = readFrameSkippingHeartbeats();
        if (frame.type() != type) {
            throw new AssertionError("expected " + type + " frame from " + remote() + " but got " + frame);
        }
        return frame;
    }

    private Frame next(long deadline, String awaited) {
        Frame frame = poll(deadline, awaited);
        if (frame == null) {
            throw new AssertionError("timed out after " + GoDuration.format(timeout) + " waiting for " + awaited
                    + " from " + remote());
        }
        return frame;
    }

    /** The one place read failures become assertion failures. */
    private Frame poll(long deadline, String awaited) {
        try {
            return reader.poll(deadline);
        } catch (EOFException e) {
            throw new AssertionError(remote() + " closed the connection while waiting for " + awaited
                    + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new AssertionError("reading from " + remote() + " failed while waiting for " + awaited + ": " + e,
                    e);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(remote() + " sent an undecodable frame: " + e.getMessage(), e);
        }
    }

    private Object remote() {
        return socket.getRemoteSocketAddress();
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return timeout;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the test is done with this connection.
        }
    }
}
