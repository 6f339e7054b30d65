package io.jnsq.nsqd.tcp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.SnappyFrameDecoder;
import io.netty.handler.codec.compression.SnappyFrameEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;

/**
 * Switches a V2 connection to a compressed stream after IDENTIFY (§2.8). The codecs go just below the protocol
 * handler, so it keeps reading and writing plain frames, and TLS, which NSQ starts first, can sit below them.
 */
final class Compression {
    /** The pipeline name of {@link ProtocolV2Handler}, the anchor the codecs are placed before. */
    static final String PROTOCOL_HANDLER = "protocol";

    private Compression() {
    }

    /** The snappy framing format both ways; checksums of incoming chunks are verified, as Go's reader does. */
    static void snappy(ChannelPipeline pipeline) {
        pipeline.addBefore(PROTOCOL_HANDLER, "snappyDecoder", new SnappyFrameDecoder(true));
        pipeline.addBefore(PROTOCOL_HANDLER, "snappyEncoder", new SnappyFrameEncoder());
    }

    /**
     * Raw DEFLATE both ways. The encoder ends every write with a sync flush, so a frame is never held back
     * waiting for more output; the inflater has no size cap because --max-body-size still bounds each command.
     */
    static void deflate(ChannelPipeline pipeline, int level) {
        pipeline.addBefore(PROTOCOL_HANDLER, "inflater", new JdkZlibDecoder(ZlibWrapper.NONE, 0));
        pipeline.addBefore(PROTOCOL_HANDLER, "deflater", new JdkZlibEncoder(ZlibWrapper.NONE, level));
    }
}
