package io.jnsq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.Frame;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameHandlerTest {
    private static final int MAX = 1024 * 1024;

    /** A response, an error, a heartbeat, a message, an empty one and one larger than a read, back to back. */
    private static byte[] stream() {
        ByteBuf out = Unpooled.buffer();
        Frames.writeResponse(out, Frames.OK);
        Frames.writeError(out, ProtocolException.invalid("invalid command FOO"));
        Frames.writeResponse(out, Frames.HEARTBEAT);
        Frames.writeMessage(out, 0x18a3149e66c2a000L, 1_700_000_000_123_456_789L, 3,
                "hello".getBytes(StandardCharsets.UTF_8));
        Frames.writeMessage(out, 1L, 0L, 65535, new byte[0]);
        byte[] large = new byte[70_000];
        Arrays.fill(large, (byte) 'x');
        Frames.writeMessage(out, 2L, 5L, 1, large);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** What reaches the handler after the frames, as text, chunk by chunk; every chunk must have been released. */
    private static List<String> decode(List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameHandler(MAX, null));
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] chunk : chunks) {
            if (chunk.length == 0) {
                continue; // a read brings at least one byte
            }
            ByteBuf buf = Unpooled.copiedBuffer(chunk);
            written.add(buf);
            channel.writeInbound(buf);
        }
        List<String> decoded = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            decoded.add(describe(o));
        }
        assertThat(written).allMatch(buf -> buf.refCnt() == 0, "released");
        channel.finishAndReleaseAll();
        return decoded;
    }

    private static String describe(Object decoded) {
        if (decoded instanceof Message m) {
            return "message " + m.id() + " " + m.timestampNanos() + " " + m.attempts() + " " + m.body().length + " "
                    + (m.body().length > 0 ? m.body()[m.body().length - 1] : "-");
        }
        Frame frame = (Frame) decoded;
        return frame.type() + " " + frame.text();
    }

    @Test
    void decodesFramesAndMessagesOfOneRead() {
        assertThat(decode(List.of(stream()))).containsExactly(
                "RESPONSE OK",
                "ERROR E_INVALID invalid command FOO",
                "RESPONSE _heartbeat_",
                "message 18a3149e66c2a000 1700000000123456789 3 5 111",
                "message 0000000000000001 0 65535 0 -",
                "message 0000000000000002 5 1 70000 120");
    }

    @Test
    void streamCutAtEveryByteYieldsTheSameFrames() {
        byte[] stream = stream();
        List<String> expected = decode(List.of(stream));
        // every cut within the small frames and around the large frame's header and end
        for (int cut = 0; cut <= stream.length; cut = cut < 400 || cut > stream.length - 300 ? cut + 1 : cut + 997) {
            List<byte[]> chunks = List.of(Arrays.copyOfRange(stream, 0, cut),
                    Arrays.copyOfRange(stream, cut, stream.length));
            assertThat(decode(chunks)).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void streamInSmallPiecesYieldsTheSameFrames() {
        byte[] stream = stream();
        for (int piece : new int[] {1, 3, 7, 4096}) {
            List<byte[]> chunks = new ArrayList<>();
            for (int i = 0; i < stream.length; i += piece) {
                chunks.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + piece)));
            }
            assertThat(decode(chunks)).as("pieces of %d", piece).isEqualTo(decode(List.of(stream)));
        }
    }

    @Test
    void oversizedFrameFailsTheChannelAndReleasesTheRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameHandler(100, null));
        ByteBuf in = Unpooled.buffer().writeInt(101).writeInt(0);

        assertThatThrownBy(() -> channel.writeInbound(in))
                .isInstanceOf(DecoderException.class).hasMessage("invalid frame size 101");
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void oversizedFrameAfterAPartialSizeFieldFailsToo() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameHandler(100, null));
        channel.writeInbound(Unpooled.buffer().writeShort(0));

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeShort(101)))
                .isInstanceOf(DecoderException.class).hasMessage("invalid frame size 101");
        channel.finishAndReleaseAll();
    }

    @Test
    void bytesAfterTheFrameThatAsksForItAreDivertedUntouched() {
        FrameHandler frames = new FrameHandler(MAX, null);
        List<ByteBuf> diverted = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(frames, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                frames.divertRest(diverted::add);
                ctx.fireChannelRead(msg);
            }
        });
        ByteBuf in = Unpooled.buffer();
        Frames.writeResponse(in, Frames.OK);
        in.writeBytes("compressed".getBytes(StandardCharsets.US_ASCII));

        channel.writeInbound(in);

        assertThat(describe(channel.readInbound())).isEqualTo("RESPONSE OK");
        assertThat(diverted).hasSize(1);
        assertThat(diverted.get(0).toString(StandardCharsets.US_ASCII)).isEqualTo("compressed");
        diverted.get(0).release();
        assertThat(in.refCnt()).isZero();
    }
}
