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

    /**
     * Decodes one frame if {@code in} holds a complete one, consuming it: a message frame as its {@link Message}
     * (the body copied once, not into a frame and then out of it), any other as a {@link Frame}; {@code null} and
     * {@code in} untouched when the frame is not complete.
     *
     * @throws IllegalArgumentException if the size field is out of range
     */
    public Object decodeMessageOrFrame(ByteBuf in) {
        int size = completeFrameSize(in);
        if (size < 0) {
            return null;
        }
        if (in.getInt(in.readerIndex() + 4) != FrameType.MESSAGE.wireValue()) {
            return decode(in);
        }
        in.skipBytes(8);
        return Message.decode(in, size - 4);
    }

    /** The size field of the frame at the front of {@code in} if the whole frame is there, else -1. */
    private int completeFrameSize(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return -1;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 4 || size > maxFrameSize) {
            throw new IllegalArgumentException("invalid frame size " + size);
        }
        return in.readableBytes() < 4 + size ? -1 : size;
    }
}
