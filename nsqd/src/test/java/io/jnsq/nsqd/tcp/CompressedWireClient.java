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
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * A blocking V2 client whose streams can be switched to snappy framing or raw deflate after IDENTIFY, built on
 * implementations independent of nsqd's (snappy-java, java.util.zip). Every read has a socket timeout.
 */
final class CompressedWireClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 5000;

    private final Socket socket;
    private DataInputStream in;
    private OutputStream out;

    CompressedWireClient(InetSocketAddress address) {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(address, READ_TIMEOUT_MS);
            // Unbuffered until the upgrade: a buffered reader could swallow compressed bytes as plain ones.
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(out -> out.writeBytes(Frames.MAGIC_V2));
    }

    CompressedWireClient snappy() throws IOException {
        in = new DataInputStream(new SnappyFramedInputStream(socket.getInputStream(), true));
        out = new SnappyFramedOutputStream(socket.getOutputStream());
        return this;
    }

    CompressedWireClient deflate(int level) throws IOException {
        in = new DataInputStream(new InflaterInputStream(socket.getInputStream(), new Inflater(true)));
        out = new DeflaterOutputStream(socket.getOutputStream(), new Deflater(level, true), true);
        return this;
    }

    /** Encodes with {@link Commands} (or raw) and sends it through the current stream, flushed. */
    CompressedWireClient send(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            return sendRaw(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    CompressedWireClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes straight to the socket, below any compression. */
    void sendUnderneath(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Exactly {@code n} bytes straight off the socket, below any compression. */
    byte[] readUnderneath(int n) throws IOException {
        byte[] bytes = new byte[n];
        new DataInputStream(socket.getInputStream()).readFully(bytes);
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

    CompressedWireClient expectOk() throws IOException {
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
            InputStream raw = socket.getInputStream();
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
