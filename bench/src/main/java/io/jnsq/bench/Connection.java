package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLSocket;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * A raw V2 connection to nsqd: the magic is sent on connect, writes go straight to the socket or the layers
 * IDENTIFY negotiated (callers batch them in their own arrays; each write is flushed), reads go through a
 * {@link FrameReader}. Read timeouts are set on {@link #socket()}, under every layer.
 */
final class Connection implements Closeable {
    /** NSQ's tools give up dialling after a second. */
    static final int DIAL_TIMEOUT_MILLIS = 1000;
    /** How long to wait for the answer to a handshake command. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    static final byte[] NOP = encode(Commands::nop);

    /** Room for one MPUB of the default size, so the deflate and inflate layers call the socket once per batch. */
    private static final int DEFLATE_BUFFER_SIZE = 64 * 1024;

    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    private final FrameReader frames;

    private Connection(Socket socket, int readBufferSize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.frames = new FrameReader(in, readBufferSize);
    }

    /** Dials nsqd and sends the V2 magic. */
    static Connection open(InetSocketAddress address, int readBufferSize) throws IOException {
        if (address.isUnresolved()) {
            throw new UnknownHostException("dial tcp: lookup " + address.getHostString() + ": no such host");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, DIAL_TIMEOUT_MILLIS);
            Connection connection = new Connection(socket, readBufferSize);
            connection.write(Frames.MAGIC_V2);
            return connection;
        } catch (IOException e) {
            socket.close();
            throw new IOException("dial tcp " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Encodes one or more commands with the protocol module's encoders into an array to write as is. */
    static byte[] encode(Consumer<ByteBuf> commands) {
        ByteBuf buf = Unpooled.buffer();
        commands.accept(buf);
        return ByteBufUtil.getBytes(buf);
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Writes and flushes: compression layers hold bytes back until flushed (a plain socket's flush does nothing). */
    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /**
     * Sends IDENTIFY; with {@code features}, checks that nsqd granted them and upgrades the connection in NSQ's
     * order, TLS and then snappy or deflate, reading the {@code OK} that nsqd sends through each new layer.
     */
    void identify(byte[] identify, Features features) throws IOException {
        if (!features.negotiated()) {
            handshake(identify, "IDENTIFY");
            return;
        }
        write(identify);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        readResponse("IDENTIFY", false);
        features.checkGranted(frames.text());
        if (features.tls()) {
            SSLSocket tls = AnyCertificateTls.layer(socket);
            switchTo(tls.getInputStream(), tls.getOutputStream(), "TLS");
        }
        if (features.snappy()) {
            switchTo(new SnappyInput(in), new SnappyFramedOutputStream(out), "snappy");
        } else if (features.deflate()) {
            switchTo(new InflaterInputStream(in, new Inflater(true), DEFLATE_BUFFER_SIZE),
                    new DeflaterOutputStream(out, new Deflater(features.deflateLevel(), true), DEFLATE_BUFFER_SIZE,
                            true), "deflate");
        }
    }

    private void switchTo(InputStream layeredIn, OutputStream layeredOut, String layer) throws IOException {
        in = layeredIn;
        out = layeredOut;
        frames.readFrom(in);
        readResponse("IDENTIFY (" + layer + ")", false);
        if (!frames.text().equals("OK")) {
            throw new IOException("IDENTIFY: expected OK over " + layer + ", got " + frames.text());
        }
    }

    /** Sends a handshake command and checks that nsqd answers with a response frame other than a heartbeat. */
    void handshake(byte[] command, String name) throws IOException {
        write(command);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        readResponse(name);
    }

    /**
     * Reads frames until a response that is not a heartbeat, answering heartbeats with NOP.
     *
     * @throws IOException on an error frame (with nsqd's text), a message frame, or a broken stream
     */
    void readResponse(String command) throws IOException {
        readResponse(command, true);
    }

    private void readResponse(String command, boolean readAhead) throws IOException {
        while (true) {
            int type = readAhead ? frames.next() : frames.nextWithoutReadAhead();
            if (type == FrameType.RESPONSE.wireValue()) {
                if (!frames.isHeartbeat()) {
                    return;
                }
                write(NOP);
            } else if (type == FrameType.ERROR.wireValue()) {
                throw new IOException(command + " failed: " + frames.text());
            } else {
                throw new IOException("unexpected frame type " + type + " in answer to " + command);
            }
        }
    }

    Socket socket() {
        return socket;
    }

    FrameReader frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
