package io.jnsq.client;

import io.jnsq.protocol.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the byte stream from nsqd into {@link io.jnsq.protocol.Frame}s, and messages straight into
 * {@link io.jnsq.protocol.Message}s. During IDENTIFY the stream changes under it:
 * nsqd may send the last plain frame and the first compressed one in one packet, so when the connection adds a
 * codec below, the bytes already read past that frame are handed to the codec instead of being decoded here.
 */
final class FrameHandler extends ByteToMessageDecoder {
    private final FrameDecoder decoder;
    private Consumer<ByteBuf> divert;

    FrameHandler(int maxFrameSize) {
        this.decoder = new FrameDecoder(maxFrameSize);
    }

    /** The bytes left after the frame being handled go to {@code target}, once, rather than being decoded here. */
    void divertRest(Consumer<ByteBuf> target) {
        divert = target;
    }

    /** New bytes from below: any diversion not taken had nothing to divert, and these bytes are already decoded. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        divert = null;
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (divert != null) {
            Consumer<ByteBuf> target = divert;
            divert = null;
            target.accept(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        Object decoded = decoder.decodeMessageOrFrame(in);
        if (decoded != null) {
            out.add(decoded);
        }
    }
}
