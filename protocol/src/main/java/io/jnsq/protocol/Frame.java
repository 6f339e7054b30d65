package io.jnsq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame as a client reads it. {@code type} is {@code null} for a frame type NSQ does not define.
 *
 * @param type the frame type, or {@code null} if unknown
 * @param rawType the frame type as sent
 * @param data the frame's data
 */
public record Frame(FrameType type, int rawType, byte[] data) {

    /** The data as text, for response and error frames. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether this is the {@code _heartbeat_} response. */
    public boolean isHeartbeat() {
        return type == FrameType.RESPONSE && java.util.Arrays.equals(data, Frames.HEARTBEAT);
    }

    /** Decodes the message carried by a message frame. */
    public Message message() {
        if (type != FrameType.MESSAGE) {
            throw new IllegalStateException("not a message frame: " + type);
        }
        return Message.decode(data);
    }

    @Override
    public String toString() {
        return type == FrameType.MESSAGE ? "Frame[" + message() + "]" : "Frame[" + type + " " + text() + "]";
    }
}
