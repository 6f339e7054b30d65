package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void heartbeatIsAResponseWithHeartbeatText() {
        assertThat(response("_heartbeat_").isHeartbeat()).isTrue();
        assertThat(response("OK").isHeartbeat()).isFalse();
        assertThat(new Frame(FrameType.ERROR, 1, Frames.HEARTBEAT).isHeartbeat()).isFalse();
    }

    @Test
    void textIsUtf8() {
        assertThat(response("é").text()).isEqualTo("é");
    }

    @Test
    void messageDecodesMessageFrames() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMessagePayload(out, 5, 6, 7, "b".getBytes(StandardCharsets.US_ASCII));
        Frame frame = new Frame(FrameType.MESSAGE, 2, ByteBufUtil.getBytes(out));

        assertThat(frame.message().id()).isEqualTo("0000000000000005");
        assertThat(frame).hasToString("Frame[Message[id=0000000000000005, attempts=7, body=b]]");
    }

    @Test
    void messageOfAnotherFrameTypeFails() {
        assertThatThrownBy(() -> response("OK").message()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsTypeAndText() {
        assertThat(response("OK")).hasToString("Frame[RESPONSE OK]");
    }

    private static Frame response(String text) {
        return new Frame(FrameType.RESPONSE, 0, text.getBytes(StandardCharsets.UTF_8));
    }
}
