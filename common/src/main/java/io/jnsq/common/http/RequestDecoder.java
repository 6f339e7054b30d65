package io.jnsq.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's request decoder, refusing what Go's net/http refuses before any handler runs. Go answers a request it
 * cannot read with a canned {@code 400 Bad Request} and hangs up, and NSQ clients that dial the HTTP port by
 * mistake rely on reading {@code HTTP} back. Netty instead skips a request line of fewer than three words and
 * waits for another, so each request line is first checked by {@link RequestLine} as its bytes arrive (a first
 * byte such as the space of {@code "  V2"} is enough). Netty's own decoding failures and an HTTP/1.1 request
 * without Host are answered the same way.
 */
final class RequestDecoder extends HttpRequestDecoder {
    private static final Logger log = LoggerFactory.getLogger(RequestDecoder.class);

    private final RequestLine line = new RequestLine();
    private boolean atRequestLine = true;
    private int checked;
    private boolean failed;

    RequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(RequestLine.MAX_LENGTH + 1)
                .setMaxHeaderSize(RequestLine.MAX_LENGTH)
                .setStrictLineParsing(false));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (atRequestLine) {
            RequestLine.Verdict verdict = checkLine(in);
            switch (verdict) {
                case MORE -> {
                    return;
                }
                case OK -> {
                    atRequestLine = false;
                    checked = 0;
                    line.reset();
                }
                case UNSUPPORTED_VERSION -> {
                    fail(ctx, in, 505, "unsupported protocol version");
                    return;
                }
                case TOO_LONG -> {
                    fail(ctx, in, 431, "");
                    return;
                }
                default -> {
                    fail(ctx, in, 400, "");
                    return;
                }
            }
        }
        int first = out.size();
        super.decode(ctx, in, out);
        for (int i = first; i < out.size(); i++) {
            Object decoded = out.get(i);
            Refusal refusal = refusal(decoded);
            if (refusal != null) {
                log.debug("HTTP: bad request from {} - {}", ctx.channel().remoteAddress(), refusal.reason());
                for (int j = i; j < out.size(); j++) {
                    ReferenceCountUtil.release(out.get(j));
                }
                out.subList(i, out.size()).clear();
                fail(ctx, in, refusal.status(), refusal.detail());
                return;
            }
            if (decoded instanceof LastHttpContent) {
                atRequestLine = true;
            }
        }
    }

    private record Refusal(int status, String detail, String reason) {
    }

    /** Why Go would refuse what Netty decoded, or {@code null}. */
    private static Refusal refusal(Object decoded) {
        if (decoded instanceof DecoderResultProvider provider && provider.decoderResult().isFailure()) {
            Throwable cause = provider.decoderResult().cause();
            return new Refusal(cause instanceof TooLongFrameException ? 431 : 400, "", String.valueOf(cause));
        }
        if (decoded instanceof HttpRequest request && request.protocolVersion().minorVersion() >= 1
                && !request.method().name().equals("CONNECT")) {
            int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
            if (hosts == 0) {
                return new Refusal(400, "missing required Host header", "no Host");
            }
            if (hosts > 1) {
                return new Refusal(400, "too many Host headers", "Host repeated");
            }
        }
        return null;
    }

    private RequestLine.Verdict checkLine(ByteBuf in) {
        int readable = in.readableBytes();
        while (checked < readable) {
            RequestLine.Verdict verdict = line.accept(in.getByte(in.readerIndex() + checked++));
            if (verdict != RequestLine.Verdict.MORE) {
                return verdict;
            }
        }
        return RequestLine.Verdict.MORE;
    }

    /** Writes Go's canned answer (below any response encoder, inside TLS) and closes; the rest is ignored. */
    private void fail(ChannelHandlerContext ctx, ByteBuf in, int status, String detail) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Responses.malformed(status, detail)).addListener(ChannelFutureListener.CLOSE);
    }
}
