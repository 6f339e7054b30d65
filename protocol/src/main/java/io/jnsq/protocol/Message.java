package io.jnsq.protocol;

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

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Message[id=" + id + ", attempts=" + attempts + ", body=" + bodyText() + "]";
    }
}
