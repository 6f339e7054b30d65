package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private static byte[] frames() {
        ByteBuf buf = Unpooled.buffer();
        Frames.writeResponse(buf, "OK".getBytes(StandardCharsets.US_ASCII));
        Frames.writeResponse(buf, Frames.HEARTBEAT);
        Frames.writeMessage(buf, 0x18a3149e66c2a000L, 1, 1, new byte[5000]);
        Frames.writeFrame(buf, FrameType.ERROR, "E_INVALID".getBytes(StandardCharsets.US_ASCII));
        return ByteBufUtil.getBytes(buf);
    }

    /** A stream that hands out one byte per read, so every frame arrives split at every byte. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void readsFramesSplitAtEveryByteAndGrowsForBigOnes() throws IOException {
        FrameReader reader = new FrameReader(trickle(frames()), 16);

        assertThat(reader.next()).isEqualTo(FrameType.RESPONSE.wireValue());
        assertThat(reader.text()).isEqualTo("OK");
        assertThat(reader.isHeartbeat()).isFalse();

        assertThat(reader.next()).isEqualTo(FrameType.RESPONSE.wireValue());
        assertThat(reader.isHeartbeat()).isTrue();

        assertThat(reader.next()).isEqualTo(FrameType.MESSAGE.wireValue());
        assertThat(reader.dataLength()).isEqualTo(Frames.MESSAGE_HEADER_SIZE + 5000);
        byte[] id = Arrays.copyOfRange(reader.buffer(), reader.dataStart() + 10, reader.dataStart() + 26);
        assertThat(new String(id, StandardCharsets.US_ASCII)).isEqualTo("18a3149e66c2a000");

        assertThat(reader.next()).isEqualTo(FrameType.ERROR.wireValue());
        assertThat(reader.text()).isEqualTo("E_INVALID");
        assertThat(reader.hasFrame()).isFalse();
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
    }

    @Test
    void knowsWhenAWholeFrameIsBuffered() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(frames()), 1024);

        assertThat(reader.hasFrame()).isFalse();
        assertThat(reader.fill()).isTrue();
        assertThat(reader.hasFrame()).isTrue();
        reader.next();
        reader.next();
        assertThat(reader.hasFrame()).isFalse();
    }

    @Test
    void refusesANonsenseFrameSize() {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(new byte[] {0, 0, 0, 2, 0, 0}), 64);

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessage("invalid frame size 2");
    }

    @Test
    void readsNoByteBeyondAFrameWhenAskedNotToReadAhead() throws IOException {
        byte[] frames = frames();
        ByteArrayInputStream in = new ByteArrayInputStream(frames);
        FrameReader reader = new FrameReader(in, 1024);

        assertThat(reader.nextWithoutReadAhead()).isEqualTo(FrameType.RESPONSE.wireValue());
        assertThat(reader.text()).isEqualTo("OK");
        assertThat(in.available()).isEqualTo(frames.length - 10);

        ByteArrayInputStream nextLayer = new ByteArrayInputStream(Arrays.copyOfRange(frames, 10, frames.length));
        reader.readFrom(nextLayer);
        assertThat(reader.next()).isEqualTo(FrameType.RESPONSE.wireValue());
        assertThat(reader.isHeartbeat()).isTrue();
    }

    @Test
    void refusesToSwitchStreamsWithBytesOfTheOldOneUnread() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(frames()), 1024);
        reader.next();

        assertThatThrownBy(() -> reader.readFrom(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IOException.class).hasMessageEndingWith("bytes too many before switching the stream");
    }
}
