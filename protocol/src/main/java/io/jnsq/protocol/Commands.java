package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Client side: encodes V2 commands. Each method appends one complete command to {@code out}. */
public final class Commands {
    private static final byte[] FIN = Frames.ascii("FIN ");

    private Commands() {
    }

    public static void identify(ByteBuf out, String json) {
        line(out, "IDENTIFY");
        sized(out, json.getBytes(StandardCharsets.UTF_8));
    }

    public static void auth(ByteBuf out, byte[] secret) {
        line(out, "AUTH");
        sized(out, secret);
    }

    public static void sub(ByteBuf out, String topic, String channel) {
        line(out, "SUB " + topic + " " + channel);
    }

    public static void rdy(ByteBuf out, int count) {
        line(out, "RDY " + count);
    }

    /** FIN is a consumer's most frequent command: written without building the line as a string first. */
    public static void fin(ByteBuf out, String id) {
        out.writeBytes(FIN);
        // ASCII: writes exactly 16 bytes, where UTF-8 would first ask the buffer for room for 48
        out.writeCharSequence(id, StandardCharsets.US_ASCII);
        out.writeByte('\n');
    }

    /** FIN for a client that keeps each message's ID as the 16 bytes it came in. */
    /** FIN for the ID a frame carried as {@code idHigh} and {@code idLow} ({@link FrameDecoder.MessageFactory}). */
    public static void fin(ByteBuf out, long idHigh, long idLow) {
        out.writeBytes(FIN);
        out.writeLong(idHigh);
        out.writeLong(idLow);
        out.writeByte('\n');
    }

    public static void req(ByteBuf out, String id, long delayMillis) {
        line(out, "REQ " + id + " " + delayMillis);
    }

    public static void touch(ByteBuf out, String id) {
        line(out, "TOUCH " + id);
    }

    public static void nop(ByteBuf out) {
        line(out, "NOP");
    }

    public static void cls(ByteBuf out) {
        line(out, "CLS");
    }

    public static void pub(ByteBuf out, String topic, byte[] body) {
        line(out, "PUB " + topic);
        sized(out, body);
    }

    public static void dpub(ByteBuf out, String topic, long deferMillis, byte[] body) {
        line(out, "DPUB " + topic + " " + deferMillis);
        sized(out, body);
    }

    /** {@code MPUB topic\n[body size][count]([size][bytes])*}. */
    public static void mpub(ByteBuf out, String topic, List<byte[]> bodies) {
        line(out, "MPUB " + topic);
        int size = 4;
        for (byte[] body : bodies) {
            size += 4 + body.length;
        }
        out.writeInt(size);
        out.writeInt(bodies.size());
        for (byte[] body : bodies) {
            sized(out, body);
        }
    }

    /** Writes {@code text} and a newline. */
    public static void line(ByteBuf out, String text) {
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeByte('\n');
    }

    private static void sized(ByteBuf out, byte[] data) {
        out.writeInt(data.length);
        out.writeBytes(data);
    }
}
