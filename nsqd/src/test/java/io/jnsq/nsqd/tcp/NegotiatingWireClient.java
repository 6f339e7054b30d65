package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * A blocking V2 client whose streams can be switched to TLS, then to snappy framing or raw deflate, after
 * IDENTIFY, built on implementations independent of nsqd's (the JDK's SSLSocket, snappy-java, java.util.zip).
 * Every read has a socket timeout.
 */
final class NegotiatingWireClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5000;

    private final Socket socket;
    /** What compression and raw reads and writes go through: the socket, or the TLS socket over it. */
    private Socket transport;
    private DataInputStream in;
    private OutputStream out;

    NegotiatingWireClient(InetSocketAddress address) {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(address, READ_TIMEOUT_MS);
            transport = socket;
            // Unbuffered until the upgrade: a buffered reader could swallow compressed bytes as plain ones.
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(out -> out.writeBytes(Frames.MAGIC_V2));
    }

    /** Runs the TLS handshake over the connection; the client's certificate, if any, is in {@code context}. */
    NegotiatingWireClient tls(SSLContext context) throws IOException {
        return tls(context, socket -> { });
    }

    /** As {@link #tls(SSLContext)}, offering what {@code configure} leaves enabled (versions, cipher suites). */
    NegotiatingWireClient tls(SSLContext context, Consumer<SSLSocket> configure) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        configure.accept(tls);
        tls.startHandshake();
        transport = tls;
        in = new DataInputStream(tls.getInputStream());
        out = tls.getOutputStream();
        return this;
    }

    /** The TLS session, once {@link #tls} has run. */
    SSLSession tlsSession() {
        return ((SSLSocket) transport).getSession();
    }

    NegotiatingWireClient snappy() throws IOException {
        in = new DataInputStream(new SnappyFramedInputStream(transport.getInputStream(), true));
        out = new SnappyFramedOutputStream(transport.getOutputStream());
        return this;
    }

    NegotiatingWireClient deflate(int level) throws IOException {
        in = new DataInputStream(new InflaterInputStream(transport.getInputStream(), new Inflater(true)));
        out = new DeflaterOutputStream(transport.getOutputStream(), new Deflater(level, true), true);
        return this;
    }

    /** Encodes with {@link Commands} (or raw) and sends it through the current stream, flushed. */
    NegotiatingWireClient send(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            return sendRaw(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    NegotiatingWireClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes below any compression (through TLS if it is on). */
    void sendUnderneath(byte[] bytes) throws IOException {
        transport.getOutputStream().write(bytes);
        transport.getOutputStream().flush();
    }

    /** Exactly {@code n} bytes from below any compression (through TLS if it is on). */
    byte[] readUnderneath(int n) throws IOException {
        byte[] bytes = new byte[n];
        new DataInputStream(transport.getInputStream()).readFully(bytes);
        return bytes;
    }

    /** The next frame that is not a heartbeat, as type and data. */
    Object[] readFrame() throws IOException {
        while (true) {
            int size = in.readInt();
            FrameType type = FrameType.fromWire(in.readInt());
            byte[] data = new byte[size - 4];
            in.readFully(data);
            if (type == FrameType.RESPONSE && new String(data, StandardCharsets.US_ASCII).equals("_heartbeat_")) {
                continue;
            }
            return new Object[] {type, data};
        }
    }

    String readResponse() throws IOException {
        Object[] frame = readFrame();
        assertThat(frame[0]).as("frame type of %s", text(frame)).isEqualTo(FrameType.RESPONSE);
        return text(frame);
    }

    String readError() throws IOException {
        Object[] frame = readFrame();
        assertThat(frame[0]).as("frame type of %s", text(frame)).isEqualTo(FrameType.ERROR);
        return text(frame);
    }

    NegotiatingWireClient expectOk() throws IOException {
        assertThat(readResponse()).isEqualTo("OK");
        return this;
    }

    Message readMessage() throws IOException {
        Object[] frame = readFrame();
        assertThat(frame[0]).isEqualTo(FrameType.MESSAGE);
        return Message.decode((byte[]) frame[1]);
    }

    /** True once the server has closed the connection (end of stream or reset) within the read timeout. */
    boolean closedByServer() {
        try {
            InputStream raw = transport.getInputStream();
            byte[] sink = new byte[8192];
            while (raw.read(sink) >= 0) {
                // discard whatever arrives before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String text(Object[] frame) {
        return new String((byte[]) frame[1], StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
