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
        if (in.readableBytes() < 4) {
            return null;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 4 || size > maxFrameSize) {
            throw new IllegalArgumentException("invalid frame size " + size);
        }
        if (in.readableBytes() < 4 + size) {
            return null;
        }
        in.skipBytes(4);
        int rawType = in.readInt();
        byte[] data = new byte[size - 4];
        in.readBytes(data);
        return new Frame(FrameType.fromWire(rawType), rawType, data);
    }
}
