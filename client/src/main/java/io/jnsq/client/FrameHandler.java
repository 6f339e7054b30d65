package io.jnsq.client;

import io.jnsq.protocol.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.function.Consumer;

/**
 * Cuts the byte stream from nsqd into {@link io.jnsq.protocol.Frame}s, and message frames straight into
 * {@link Message}s.
 *
 * <p>Frames are decoded from each read's buffer where they lie. Only a frame cut by the end of a read is copied,
 * into a buffer of its own that the next read completes: a general cumulating decoder would copy every read
 * behind such a rest, which is nearly every read when messages pour in.
 *
 * <p>During IDENTIFY the stream changes under it: nsqd may send the last plain frame and the first compressed one
 * in one packet, so when the connection adds a codec below, the bytes already read past that frame are handed to
 * the codec instead of being decoded here.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter implements FrameDecoder.MessageFactory {
    private final FrameDecoder decoder;
    private final Connection connection;
    /** The beginning of a frame the last read cut off; null when the last read ended on a frame's end. */
    private ByteBuf partial;
    private Consumer<ByteBuf> divert;
    /** When the read in progress began; 0 between reads. One clock reading serves all its messages. */
    private long readNanos;

    FrameHandler(int maxFrameSize, Connection connection) {
        this.decoder = new FrameDecoder(maxFrameSize);
        this.connection = connection;
    }

    /** The bytes left after the frame being handled go to {@code target}, once, rather than being decoded here. */
    void divertRest(Consumer<ByteBuf> target) {
        divert = target;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        // new bytes from below: any diversion not taken had nothing to divert, and these bytes are already decoded
        divert = null;
        try {
            if (partial != null && !completePartial(ctx, in)) {
                return;
            }
            while (in.isReadable()) {
                if (divert != null) {
                    Consumer<ByteBuf> target = divert;
                    divert = null;
                    target.accept(in.readRetainedSlice(in.readableBytes()));
                    return;
                }
                Object decoded = decoder.decodeMessageOrFrame(in, this);
                if (decoded == null) {
                    keepRest(ctx, in);
                    return;
                }
                ctx.fireChannelRead(decoded);
            }
        } catch (IllegalArgumentException e) {
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(new DecoderException(e.getMessage(), e));
        } finally {
            in.release();
        }
    }

    /**
     * Adds the bytes of {@code in} that the partial frame lacks, and hands the frame on once it is whole.
     *
     * @return whether it is whole, so that the rest of {@code in} starts a new frame
     */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) {
        int length = decoder.frameLength(partial);
        if (length < 0) {
            partial.writeBytes(in, Math.min(4 - partial.readableBytes(), in.readableBytes()));
            length = decoder.frameLength(partial);
            if (length < 0) {
                return false;
            }
        }
        partial.writeBytes(in, Math.min(length - partial.readableBytes(), in.readableBytes()));
        if (partial.readableBytes() < length) {
            return false;
        }
        ByteBuf whole = partial;
        partial = null;
        try {
            ctx.fireChannelRead(decoder.decodeMessageOrFrame(whole, this));
        } finally {
            whole.release();
        }
        return true;
    }

    /** The start of a frame ends this read: copied, with room for the whole frame once its size is known. */
    private void keepRest(ChannelHandlerContext ctx, ByteBuf in) {
        int length = decoder.frameLength(in);
        partial = ctx.alloc().heapBuffer(length < 0 ? 4 : length);
        partial.writeBytes(in);
    }

    @Override
    public Object message(long timestampNanos, int attempts, long idHigh, long idLow, byte[] body) {
        if (readNanos == 0) {
            readNanos = System.nanoTime();
        }
        return new Message(idHigh, idLow, timestampNanos, attempts, body, connection, readNanos);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readNanos = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
