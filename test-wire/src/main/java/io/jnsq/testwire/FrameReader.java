package io.jnsq.testwire;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Reads frames off a blocking socket, every read bounded by a deadline (a {@code System.nanoTime()} value).
 * Bytes of a frame that has not fully arrived stay buffered for the next call. Not thread-safe.
 */
final class FrameReader {
    /** Far above any message size a test uses; a bigger size field means the stream is garbage. */
    private static final int MAX_FRAME_SIZE = 256 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final FrameDecoder decoder = new FrameDecoder(MAX_FRAME_SIZE);
    // Unpooled heap memory: left to the garbage collector, so a closed client never holds a released buffer.
    private final ByteBuf buffer = Unpooled.buffer();
    private final byte[] chunk = new byte[64 * 1024];

    FrameReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * The next frame, or {@code null} if none is complete by the deadline.
     *
     * @throws EOFException if the peer closed the connection first
     * @throws IllegalArgumentException if the stream holds an impossible frame size
     */
    Frame poll(long deadline) throws IOException {
        while (true) {
            Frame frame = decoder.decode(buffer);
            if (frame != null) {
                buffer.discardReadBytes();
                return frame;
            }
            int read = readSome(deadline);
            if (read == 0) {
                return null;
            }
            if (read < 0) {
                throw new EOFException(buffer.isReadable()
                        ? "connection closed in the middle of a frame (" + buffer.readableBytes() + " bytes buffered)"
                        : "connection closed");
            }
        }
    }

    /**
     * Reads and discards everything until the peer closes the connection (end of stream or reset).
     *
     * @return whether that happened by the deadline
     */
    boolean awaitClose(long deadline) throws IOException {
        buffer.clear();
        while (true) {
            int read;
            try {
                read = readSome(deadline);
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    throw e;
                }
                return true; // reset by the peer: closed without the orderly FIN
            }
            if (read < 0) {
                return true;
            }
            if (read == 0) {
                return false;
            }
            buffer.clear();
        }
    }

    /** Reads what is available into the buffer: the count, 0 at the deadline, -1 at end of stream. */
    private int readSome(long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return 0;
        }
        // SO_TIMEOUT 0 would mean "forever", so never go below 1 ms.
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining))));
        int read;
        try {
            read = in.read(chunk);
        } catch (SocketTimeoutException e) {
            return 0; // the socket stays usable after a read timeout
        }
        if (read > 0) {
            buffer.writeBytes(chunk, 0, read);
        }
        return read;
    }
}
