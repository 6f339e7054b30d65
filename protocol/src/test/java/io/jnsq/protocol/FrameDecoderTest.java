package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 1024 * 1024;

    /** A response, an error, a heartbeat, a message and an empty-bodied message, back to back. */
    private static byte[] stream() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeResponse(out, Frames.OK);
        Frames.writeError(out, ProtocolException.invalid("invalid command FOO"));
        Frames.writeResponse(out, Frames.HEARTBEAT);
        Frames.writeMessage(out, 0x18a3149e66c2a000L, 1_700_000_000_123_456_789L, 3, bytes("hello"));
        Frames.writeMessage(out, 1L, 0L, 65535, new byte[0]);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    @Test
    void decodesWholeStreamInOneBuffer() {
        List<Frame> frames = decodeAll(new FrameDecoder(MAX), List.of(stream()));

        assertThat(frames).hasSize(5);
        assertThat(frames.get(0).type()).isEqualTo(FrameType.RESPONSE);
        assertThat(frames.get(0).text()).isEqualTo("OK");
        assertThat(frames.get(1).type()).isEqualTo(FrameType.ERROR);
        assertThat(frames.get(1).text()).isEqualTo("E_INVALID invalid command FOO");
        assertThat(frames.get(2).isHeartbeat()).isTrue();
        Message first = frames.get(3).message();
        assertThat(first.id()).isEqualTo("18a3149e66c2a000");
        assertThat(first.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(first.attempts()).isEqualTo(3);
        assertThat(first.bodyText()).isEqualTo("hello");
        Message second = frames.get(4).message();
        assertThat(second.attempts()).isEqualTo(65535);
        assertThat(second.body()).isEmpty();
    }

    @Test
    void messagesComeStraightAsMessagesOtherFramesAsFrames() {
        FrameDecoder decoder = new FrameDecoder(MAX);
        ByteBuf in = Unpooled.wrappedBuffer(stream());
        List<Object> decoded = new ArrayList<>();
        for (Object o; (o = decoder.decodeMessageOrFrame(in, FrameDecoderTest::message)) != null; ) {
            decoded.add(o);
        }
        assertThat(decoded).hasSize(5);
        assertThat(decoded.subList(0, 3)).allMatch(o -> o instanceof Frame);
        assertThat(((Frame) decoded.get(1)).text()).isEqualTo("E_INVALID invalid command FOO");
        Message first = (Message) decoded.get(3);
        assertThat(first.id()).isEqualTo("18a3149e66c2a000");
        assertThat(first.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(first.attempts()).isEqualTo(3);
        assertThat(first.bodyText()).isEqualTo("hello");
        assertThat(((Message) decoded.get(4)).attempts()).isEqualTo(65535);
        assertThat(in.isReadable()).isFalse();

        assertThat(decoder.decodeMessageOrFrame(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 30, 0, 0, 0, 2}),
                FrameDecoderTest::message))
                .as("an incomplete message frame").isNull();
    }

    private static Message message(long timestampNanos, int attempts, long idHigh, long idLow, byte[] body) {
        return new Message(MessageId.ofWire(idHigh, idLow), timestampNanos, attempts, body);
    }

    @Test
    void messageFrameShorterThanItsHeaderIsRejected() {
        ByteBuf in = Unpooled.buffer().writeInt(4 + 25).writeInt(FrameType.MESSAGE.wireValue()).writeZero(25);

        assertThatThrownBy(() -> new FrameDecoder(MAX).decodeMessageOrFrame(in, FrameDecoderTest::message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message frame too short: 25 bytes");
    }

    @Test
    void frameLengthIsKnownOnceTheSizeFieldIsThere() {
        FrameDecoder decoder = new FrameDecoder(100);

        assertThat(decoder.frameLength(Unpooled.buffer().writeShort(0))).isEqualTo(-1);
        assertThat(decoder.frameLength(Unpooled.buffer().writeInt(30))).isEqualTo(34);
        assertThatThrownBy(() -> decoder.frameLength(Unpooled.buffer().writeInt(101)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid frame size 101");
    }

    @Test
    void streamSplitAtEveryByteBoundaryYieldsTheSameFrames() {
        byte[] stream = stream();
        List<String> expected = describe(decodeAll(new FrameDecoder(MAX), List.of(stream)));

        for (int cut = 0; cut <= stream.length; cut++) {
            List<byte[]> chunks = List.of(slice(stream, 0, cut), slice(stream, cut, stream.length));
            assertThat(describe(decodeAll(new FrameDecoder(MAX), chunks))).as("cut at %d", cut)
                    .isEqualTo(expected);
        }
    }

    @Test
    void streamFedByteByByteYieldsTheSameFrames() {
        byte[] stream = stream();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            chunks.add(slice(stream, i, i + 1));
        }

        assertThat(describe(decodeAll(new FrameDecoder(MAX), chunks)))
                .isEqualTo(describe(decodeAll(new FrameDecoder(MAX), List.of(stream))));
    }

    @Test
    void incompleteFrameLeavesBufferUntouched() {
        byte[] stream = stream();
        ByteBuf in = Unpooled.wrappedBuffer(slice(stream, 0, 7));

        assertThat(new FrameDecoder(MAX).decode(in)).isNull();
        assertThat(in.readerIndex()).isZero();
        assertThat(in.readableBytes()).isEqualTo(7);
    }

    @Test
    void sizeBelowFourIsRejected() {
        for (int size : new int[] {0, 3, -1}) {
            ByteBuf in = Unpooled.buffer().writeInt(size).writeInt(0);
            assertThatThrownBy(() -> new FrameDecoder(MAX).decode(in)).as("size %d", size)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid frame size");
        }
    }

    @Test
    void sizeAboveMaximumIsRejectedBeforeTheDataArrives() {
        ByteBuf in = Unpooled.buffer().writeInt(101);

        assertThatThrownBy(() -> new FrameDecoder(100).decode(in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid frame size 101");
    }

    @Test
    void sizeAtMaximumIsAccepted() {
        ByteBuf in = Unpooled.buffer().writeInt(100).writeInt(0).writeBytes(new byte[96]);

        assertThat(new FrameDecoder(100).decode(in).data()).hasSize(96);
    }

    @Test
    void unknownFrameTypeDecodesWithNullType() {
        ByteBuf in = Unpooled.buffer().writeInt(6).writeInt(7).writeBytes(bytes("hi"));

        Frame frame = new FrameDecoder(MAX).decode(in);

        assertThat(frame.type()).isNull();
        assertThat(frame.rawType()).isEqualTo(7);
        assertThat(frame.text()).isEqualTo("hi");
    }

    private static List<Frame> decodeAll(FrameDecoder decoder, List<byte[]> chunks) {
        ByteBuf in = Unpooled.buffer();
        List<Frame> frames = new ArrayList<>();
        for (byte[] chunk : chunks) {
            in.writeBytes(chunk);
            for (Frame frame = decoder.decode(in); frame != null; frame = decoder.decode(in)) {
                frames.add(frame);
            }
        }
        assertThat(in.readableBytes()).as("bytes left over").isZero();
        return frames;
    }

    /** Frames hold arrays, so compare a readable rendering that covers type and every data byte. */
    private static List<String> describe(List<Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Frame frame : frames) {
            out.add(frame.rawType() + ":" + java.util.HexFormat.of().formatHex(frame.data()));
        }
        return out;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
