package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void decodesPayloadWrittenByFrames() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMessagePayload(out, 0x18a31420afa69000L, 1_690_000_000_000_000_001L, 2, utf8("héllo"));

        Message message = Message.decode(ByteBufUtil.getBytes(out));

        assertThat(message.id()).isEqualTo("18a31420afa69000");
        assertThat(message.timestampNanos()).isEqualTo(1_690_000_000_000_000_001L);
        assertThat(message.attempts()).isEqualTo(2);
        assertThat(message.bodyText()).isEqualTo("héllo");
    }

    @Test
    void attemptsAreUnsigned() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMessagePayload(out, 1, 0, 0xffff, new byte[0]);

        assertThat(Message.decode(ByteBufUtil.getBytes(out)).attempts()).isEqualTo(65535);
    }

    @Test
    void headerOnlyIsAnEmptyBody() {
        Message message = Message.decode(new byte[Frames.MESSAGE_HEADER_SIZE]);

        assertThat(message.body()).isEmpty();
    }

    @Test
    void negativeTimestampRoundTrips() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeMessagePayload(out, 1, -1L, 1, new byte[0]);

        assertThat(Message.decode(ByteBufUtil.getBytes(out)).timestampNanos()).isEqualTo(-1L);
    }

    @Test
    void shorterThanHeaderIsRejected() {
        assertThatThrownBy(() -> Message.decode(new byte[Frames.MESSAGE_HEADER_SIZE - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void toStringShowsIdAttemptsAndBody() {
        Message message = new Message("0000000000000001", 0, 1, utf8("x"));

        assertThat(message).hasToString("Message[id=0000000000000001, attempts=1, body=x]");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
