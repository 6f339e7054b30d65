package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;

/** Client side: cuts complete frames off the front of a buffer. */
public final class FrameDecoder {
    private final int maxFrameSize;

    /** A decoder that refuses frames whose size field exceeds {@code maxFrameSize}. */
    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Decodes one frame if {@code in} holds a complete one, consuming it; otherwise returns {@code null} and
     * leaves {@code in} untouched.
     *
     * @throws IllegalArgumentException if the size field is out of range
     */
    public Frame decode(ByteBuf in) {
        int size = completeFrameSize(in);
        if (size < 0) {
            return null;
        }
        in.skipBytes(4);
        int rawType = in.readInt();
        byte[] data = new byte[size - 4];
        in.readBytes(data);
        return new Frame(FrameType.fromWire(rawType), rawType, data);
    }

    /** Makes a client's own message straight from a message frame's fields, with no message in between. */
    @FunctionalInterface
    public interface MessageFactory {
        /**
         * @param idHigh the first 8 of the ID's 16 ASCII characters, big-endian ({@link MessageId#ofWire})
         * @param idLow the last 8
         * @param body the body, an array of its own
         */
        Object message(long timestampNanos, int attempts, long idHigh, long idLow, byte[] body);
    }

    /**
     * Decodes one frame if {@code in} holds a complete one, consuming it: a message frame straight into what
     * {@code messages} makes of it (the body copied once, not into a frame and then out of it), any other as a
     * {@link Frame}; {@code null} and {@code in} untouched when the frame is not complete.
     *
     * @throws IllegalArgumentException if the size field is out of range, or a message frame is too short
     */
    public Object decodeMessageOrFrame(ByteBuf in, MessageFactory messages) {
        int size = completeFrameSize(in);
        if (size < 0) {
            return null;
        }
        if (in.getInt(in.readerIndex() + 4) != FrameType.MESSAGE.wireValue()) {
            return decode(in);
        }
        int bodyLength = size - 4 - Frames.MESSAGE_HEADER_SIZE;
        if (bodyLength < 0) {
            throw new IllegalArgumentException("message frame too short: " + (size - 4) + " bytes");
        }
        in.skipBytes(8);
        long timestamp = in.readLong();
        int attempts = in.readUnsignedShort();
        // the ID as two longs: no array for it, for a client that only sends it back in a FIN
        long idHigh = in.readLong();
        long idLow = in.readLong();
        byte[] body = new byte[bodyLength];
        in.readBytes(body);
        return messages.message(timestamp, attempts, idHigh, idLow, body);
    }

    /**
     * The length of the frame at the front of {@code in}, its size field included, once those 4 bytes are there;
     * else -1.
     *
     * @throws IllegalArgumentException if the size field is out of range
     */
    public int frameLength(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return -1;
        }
        return 4 + checkedSize(in.getInt(in.readerIndex()));
    }

    /** The size field of the frame at the front of {@code in} if the whole frame is there, else -1. */
    private int completeFrameSize(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return -1;
        }
        int size = checkedSize(in.getInt(in.readerIndex()));
        return in.readableBytes() < 4 + size ? -1 : size;
    }

    private int checkedSize(int size) {
        if (size < 4 || size > maxFrameSize) {
            throw new IllegalArgumentException("invalid frame size " + size);
        }
        return size;
    }
}
