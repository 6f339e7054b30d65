package io.jnsq.bench;

import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads V2 frames ({@code [size: int32][type: int32][data]}) from a stream into one reusable buffer and leaves
 * each frame's data there, so that reading a frame allocates nothing. The data of the current frame is valid
 * until the next call that reads.
 */
final class FrameReader {
    /** Refuse frames past this size: a bigger size field means the stream is out of step. */
    static final int MAX_FRAME_SIZE = 256 * 1024 * 1024;

    private InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;

    private int type = -1;
    private int dataStart;
    private int dataLength;

    FrameReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Whether a complete frame is buffered, so {@link #next()} will not touch the stream. */
    boolean hasFrame() throws IOException {
        int buffered = limit - pos;
        return buffered >= 4 && buffered - 4 >= frameSize();
    }

    /**
     * Reads once from the stream (blocking until some bytes arrive) after making room in the buffer.
     *
     * @return {@code false} at the end of the stream
     */
    boolean fill() throws IOException {
        return fill(Integer.MAX_VALUE);
    }

    private boolean fill(int atMost) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit - pos >= 4) {
            int needed = 4 + frameSize();
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, needed);
            }
        }
        int n = in.read(buf, limit, Math.min(atMost, buf.length - limit));
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    /** Reads the next frame, blocking as needed, and returns its wire type. */
    int next() throws IOException {
        while (!hasFrame()) {
            if (!fill()) {
                throw new EOFException("connection closed by nsqd");
            }
        }
        return take();
    }

    /**
     * Reads the next frame as {@link #next()} does, but not a byte past it: after some frames nsqd switches the
     * stream (TLS, compression), and what follows them belongs to the next layer.
     */
    int nextWithoutReadAhead() throws IOException {
        while (!hasFrame()) {
            int buffered = limit - pos;
            if (!fill(buffered < 4 ? 4 - buffered : 4 + frameSize() - buffered)) {
                throw new EOFException("connection closed by nsqd");
            }
        }
        return take();
    }

    /** Reads on from {@code in}, a new layer over the old stream; nothing of the old one may be left unread. */
    void readFrom(InputStream in) throws IOException {
        if (limit > pos) {
            throw new IOException("nsqd sent " + (limit - pos) + " bytes too many before switching the stream");
        }
        this.in = in;
    }

    private int take() throws IOException {
        int size = frameSize();
        type = readInt(pos + 4);
        dataStart = pos + 8;
        dataLength = size - 4;
        pos += 4 + size;
        return type;
    }

    /** The wire type of the current frame. */
    int type() {
        return type;
    }

    /** The buffer holding the current frame's data, from {@link #dataStart()} on. */
    byte[] buffer() {
        return buf;
    }

    int dataStart() {
        return dataStart;
    }

    int dataLength() {
        return dataLength;
    }

    /** Whether the current frame is the {@code _heartbeat_} response. */
    boolean isHeartbeat() {
        return type == FrameType.RESPONSE.wireValue()
                && Arrays.equals(buf, dataStart, dataStart + dataLength, Frames.HEARTBEAT, 0, Frames.HEARTBEAT.length);
    }

    /** The current frame's data as text, for responses and errors. */
    String text() {
        return new String(buf, dataStart, dataLength, StandardCharsets.UTF_8);
    }

    private int frameSize() throws IOException {
        int size = readInt(pos);
        if (size < 4 || size > MAX_FRAME_SIZE) {
            throw new IOException("invalid frame size " + size);
        }
        return size;
    }

    private int readInt(int at) {
        return (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8 | buf[at + 3] & 0xff;
    }
}
