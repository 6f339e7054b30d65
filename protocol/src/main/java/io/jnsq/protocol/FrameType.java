package io.jnsq.protocol;

/** The three kinds of frame nsqd sends to a V2 client; the number is the int32 on the wire. */
public enum FrameType {
    RESPONSE(0),
    ERROR(1),
    MESSAGE(2);

    private final int wireValue;

    FrameType(int wireValue) {
        this.wireValue = wireValue;
    }

    /** The int32 that identifies this frame type on the wire. */
    public int wireValue() {
        return wireValue;
    }

    /** The frame type for a wire value, or {@code null} if the value is not one NSQ defines. */
    public static FrameType fromWire(int value) {
        return switch (value) {
            case 0 -> RESPONSE;
            case 1 -> ERROR;
            case 2 -> MESSAGE;
            default -> null;
        };
    }
}
