package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * A raw V2 connection to nsqd over a plain socket: the magic is sent on connect, writes go straight to the
 * socket (callers batch them in their own arrays), reads go through a {@link FrameReader}.
 */
final class Connection implements Closeable {
    /** NSQ's tools give up dialling after a second. */
    static final int DIAL_TIMEOUT_MILLIS = 1000;
    /** How long to wait for the answer to a handshake command. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    static final byte[] NOP = encode(Commands::nop);

    private final Socket socket;
    private final OutputStream out;
    private final FrameReader frames;

    private Connection(Socket socket, int readBufferSize) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.frames = new FrameReader(socket.getInputStream(), readBufferSize);
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
        out.write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
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
        while (true) {
            int type = frames.next();
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
