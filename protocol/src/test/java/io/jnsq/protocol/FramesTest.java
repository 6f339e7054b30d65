package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void magicIsTwoSpacesAndV2() {
        assertThat(Frames.MAGIC_V2).containsExactly(0x20, 0x20, 0x56, 0x32);
    }

    @Test
    void badProtocolErrorFrameMatchesReferenceBytes() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeError(out, ProtocolException.fatal("E_BAD_PROTOCOL", ""));

        // Observed from nsqd v1.3.0 on a wrong magic: 00 00 00 12 | 00 00 00 01 | E_BAD_PROTOCOL
        assertThat(hex(out)).isEqualTo("00000012" + "00000001" + ascii("E_BAD_PROTOCOL"));
    }

    @Test
    void errorFrameCarriesCodeSpaceDescription() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeError(out, ProtocolException.invalid("invalid command "));

        String text = "E_INVALID invalid command ";
        assertThat(hex(out)).isEqualTo(String.format("%08x", 4 + text.length()) + "00000001" + ascii(text));
    }

    @Test
    void errorTextIsSentAsUtf8() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeError(out, ProtocolException.fatal("E_BAD_TOPIC", "PUB topic name \"é\" is not valid"));

        byte[] text = "E_BAD_TOPIC PUB topic name \"é\" is not valid".getBytes(StandardCharsets.UTF_8);
        assertThat(out.readInt()).isEqualTo(4 + text.length);
        assertThat(out.readInt()).isEqualTo(1);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(text);
    }

    @Test
    void okResponseFrameBytes() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeResponse(out, Frames.OK);

        assertThat(hex(out)).isEqualTo("00000006" + "00000000" + "4f4b");
    }

    @Test
    void heartbeatAndCloseWaitTexts() {
        assertThat(new String(Frames.HEARTBEAT, StandardCharsets.US_ASCII)).isEqualTo("_heartbeat_");
        assertThat(new String(Frames.CLOSE_WAIT, StandardCharsets.US_ASCII)).isEqualTo("CLOSE_WAIT");
    }

    @Test
    void messageFrameLayout() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeMessage(out, 0x18a31420afa69000L, 0x0102030405060708L, 0x0a0b, "body".getBytes());

        assertThat(hex(out)).isEqualTo(
                "00000022"  // size: type 4 + timestamp 8 + attempts 2 + id 16 + body 4 = 34
                + "00000002"
                + "0102030405060708"
                + "0a0b"
                + ascii("18a31420afa69000")
                + ascii("body"));
        assertThat(Frames.MESSAGE_HEADER_SIZE).isEqualTo(26);
        assertThat(Frames.MESSAGE_FRAME_OVERHEAD).isEqualTo(34);
    }

    @Test
    void attemptsAreWrittenAsUint16() {
        ByteBuf out = Unpooled.buffer();

        Frames.writeMessagePayload(out, 0, 0, 65535, new byte[0]);

        assertThat(out.getUnsignedShort(8)).isEqualTo(65535);
        assertThat(out.readableBytes()).isEqualTo(Frames.MESSAGE_HEADER_SIZE);
    }

    @Test
    void messagePayloadIsMessageFrameWithoutHeader() {
        ByteBuf frame = Unpooled.buffer();
        ByteBuf payload = Unpooled.buffer();

        Frames.writeMessage(frame, 42, 7, 1, "x".getBytes());
        Frames.writeMessagePayload(payload, 42, 7, 1, "x".getBytes());

        assertThat(hex(frame)).isEqualTo("0000001f" + "00000002" + hex(payload));
    }

    private static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}
