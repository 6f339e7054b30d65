package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message as carried in a message frame.
 *
 * @param id the 16-character hex ID
 * @param timestampNanos publish time, nanoseconds since the epoch
 * @param attempts delivery attempts so far, counting this one
 * @param body the message body
 */
public record Message(String id, long timestampNanos, int attempts, byte[] body) {

    /** Decodes the data of a message frame. */
    public static Message decode(byte[] data) {
        if (data.length < Frames.MESSAGE_HEADER_SIZE) {
            throw new IllegalArgumentException("message frame too short: " + data.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        long timestamp = buf.getLong();
        int attempts = buf.getShort() & 0xffff;
        String id = new String(data, 10, MessageId.LENGTH, StandardCharsets.US_ASCII);
        byte[] body = new byte[data.length - Frames.MESSAGE_HEADER_SIZE];
        System.arraycopy(data, Frames.MESSAGE_HEADER_SIZE, body, 0, body.length);
        return new Message(id, timestamp, attempts, body);
    }

    /**
     * Decodes the {@code length} bytes of a message frame's data from {@code in}, consuming them: the body is copied
     * once, straight from the buffer.
     */
    public static Message decode(ByteBuf in, int length) {
        if (length < Frames.MESSAGE_HEADER_SIZE) {
            throw new IllegalArgumentException("message frame too short: " + length + " bytes");
        }
        long timestamp = in.readLong();
        int attempts = in.readUnsignedShort();
        // straight into the String, where readCharSequence would copy into an array and an AsciiString first
        String id = in.toString(in.readerIndex(), MessageId.LENGTH, StandardCharsets.US_ASCII);
        in.skipBytes(MessageId.LENGTH);
        byte[] body = new byte[length - Frames.MESSAGE_HEADER_SIZE];
        in.readBytes(body);
        return new Message(id, timestamp, attempts, body);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Message[id=" + id + ", attempts=" + attempts + ", body=" + bodyText() + "]";
    }
}
