package io.jnsq.common.http;

import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.HostPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection: routes each request, collects the body its route reads, runs the handler and writes the
 * response, keeping the connection alive as the request allows. Requests are answered in order, once their body
 * has arrived, except that a body over the route's limit is answered at once and the connection closed (the
 * rest of the body is never read), as Go's server does when a handler refuses without reading.
 */
final class HttpServerHandler extends ChannelInboundHandlerAdapter {
    /** Go's {@code req.RemoteAddr}: {@code ip:port}, brackets around IPv6. */
    private static String hostPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? HostPort.format(inet) : String.valueOf(address);
    }

    private static final Logger log = LoggerFactory.getLogger(HttpServerHandler.class);
    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 16;
    /** Go's {@code rstAvoidanceDelay}. */
    private static final Duration RST_AVOIDANCE_DELAY = Duration.ofMillis(500);

    private final Router router;
    private HttpRequest head;
    private RequestTarget target;
    private Router.Resolution resolution;
    private ByteBuf body;
    private long bodyLimit;
    private long started;
    private boolean closing;
    /** A handler's asynchronous result is pending; what arrives meanwhile waits in {@link #waiting}. */
    private boolean awaiting;
    private final Deque<Object> waiting = new ArrayDeque<>();

    HttpServerHandler(Router router) {
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaiting) {
            waiting.add(msg); // answered in order: a pipelined request waits for the one before
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!closing && msg instanceof HttpRequest request) {
                begin(ctx, request);
            }
            if (!closing && head != null && msg instanceof HttpContent content) {
                receive(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest request) {
        head = request;
        started = System.nanoTime();
        target = RequestTarget.parse(request.uri());
        resolution = router.resolve(request.method().name(), target.path());
        boolean expectContinue = HttpUtil.is100ContinueExpected(request);
        if (resolution instanceof Router.Match match) {
            long maxBody = match.route().maxBody();
            if (maxBody >= 0 && HttpUtil.getContentLength(request, -1L) > maxBody) {
                dispatch(ctx, match, NO_BODY, true);
                return;
            }
            if (maxBody >= 0) {
                bodyLimit = Math.min(maxBody + 1, MAX_BUFFER);
                body = ctx.alloc().buffer();
            }
            if (expectContinue) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
        } else if (expectContinue) {
            // Go never asks for a body it will not read, and then does not reuse the connection.
            respond(ctx, responseFor(resolution), true);
        }
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (body != null) {
            ByteBuf chunk = content.content();
            int take = (int) Math.min(bodyLimit - body.readableBytes(), chunk.readableBytes());
            body.writeBytes(chunk, chunk.readerIndex(), take);
            if (body.readableBytes() == bodyLimit && !last) {
                dispatch(ctx, (Router.Match) resolution, takeBody(), true);
                return;
            }
        }
        if (last) {
            if (resolution instanceof Router.Match match) {
                dispatch(ctx, match, takeBody(), false);
            } else {
                respond(ctx, responseFor(resolution), false);
            }
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Router.Match match, byte[] bytes, boolean close) {
        Route route = match.route();
        Request request = new Request(head.method().name(), target, match.params(), head.headers(),
                HttpUtil.getContentLength(head, -1L), bytes, peer(ctx));
        Object result;
        try {
            result = route.handler().handle(request);
        } catch (HttpException | RuntimeException e) {
            respond(ctx, outcome(route, null, e), close);
            return;
        }
        if (result instanceof CompletionStage<?> pending) {
            // Nothing more is read until the answer is out, so requests keep their order and memory its bound.
            awaiting = true;
            ctx.channel().config().setAutoRead(false);
            pending.whenCompleteAsync((value, error) -> finish(ctx, route, value, error, close), ctx.executor());
            return;
        }
        respond(ctx, outcome(route, result, null), close);
    }

    private static Request.Peer peer(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : null;
        return new Request.Peer(remote, tls == null ? null : tls.engine().getSession(), ctx.executor());
    }

    /** The answer to an asynchronous handler's result, then the requests that waited for it. */
    private void finish(ChannelHandlerContext ctx, Route route, Object value, Throwable error, boolean close) {
        if (error == null && value instanceof CompletionStage<?> next) {
            // a handler wrapping another (an auth check around a publish) may find that one asynchronous too
            next.whenCompleteAsync((v, e) -> finish(ctx, route, v, e, close), ctx.executor());
            return;
        }
        awaiting = false;
        if (!ctx.channel().isActive()) {
            releaseWaiting();
            return;
        }
        respond(ctx, outcome(route, value, error), close);
        if (!closing) {
            ctx.channel().config().setAutoRead(true);
        }
        while (!awaiting && !waiting.isEmpty()) {
            process(ctx, waiting.poll());
        }
    }

    /** A handler's result or failure as a response in its route's format. */
    private static FullHttpResponse outcome(Route route, Object value, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            try {
                return route.format().success(value);
            } catch (RuntimeException e) {
                cause = e;
            }
        }
        if (cause instanceof HttpException e) {
            return route.format().error(e);
        }
        log.error("HTTP: panic in HTTP handler - {}", cause.toString(), cause);
        return Responses.internalError();
    }

    private void releaseWaiting() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    private FullHttpResponse responseFor(Router.Resolution resolution) {
        if (resolution instanceof Router.Refused refused) {
            return refused.response();
        }
        if (resolution instanceof Router.Redirect redirect) {
            return Responses.redirect(head.method().name(), redirect.status(), location(redirect.path()));
        }
        if (resolution instanceof Router.Options options) {
            return Responses.options(options.allow());
        }
        if (resolution instanceof Router.MethodNotAllowed notAllowed) {
            return Responses.methodNotAllowed(notAllowed.allow());
        }
        return Responses.notFound();
    }

    /** The fixed path with the request's query, bytes beyond ASCII escaped as Go's redirect does. */
    private String location(String path) {
        StringBuilder location = new StringBuilder(RequestTarget.escapePath(path));
        if (!target.rawQuery().isEmpty()) {
            location.append('?');
            for (byte b : target.rawQuery().getBytes(StandardCharsets.ISO_8859_1)) {
                if (b < 0) {
                    location.append('%').append(String.format("%02x", b & 0xff));
                } else {
                    location.append((char) b);
                }
            }
        }
        return location.toString();
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        HttpRequest request = head;
        boolean http11 = request.protocolVersion().minorVersion() >= 1;
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        response.headers().set(Responses.DATE, HttpDate.format(System.currentTimeMillis()));
        if (!keepAlive && http11) {
            response.headers().set(Responses.CONNECTION, "close");
        } else if (keepAlive && !http11) {
            response.headers().set(Responses.CONNECTION, "keep-alive");
        }
        if (request.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse headers = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = headers;
        }
        if (log.isInfoEnabled()) {
            // NSQ's request line: "200 GET /ping (127.0.0.1:53412) 41.2µs"
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            log.info("{} {} {} ({}) {}", response.status().code(), request.method(), request.uri(),
                    hostPort(ctx.channel().remoteAddress()), GoDuration.format(elapsed));
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        reset();
        if (close) {
            closing = true;
            written.addListener(ignored -> closeWriteAndWait(ctx));
        } else if (!keepAlive) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Go's {@code closeWriteAndWait}, for a response that left the request's body unread: closing at once would
     * make the kernel answer the bytes still arriving with a reset, and the client would see that instead of the
     * response. So nothing more is read (the client's writes stall once the window is full), the sending side is
     * shut down, and the connection is closed after Go's half a second.
     */
    private static void closeWriteAndWait(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput().addListener(ignored -> ctx.executor().schedule(() -> ctx.close(),
                RST_AVOIDANCE_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }

    private byte[] takeBody() {
        if (body == null) {
            return NO_BODY;
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        body.release();
        body = null;
        return bytes;
    }

    private void reset() {
        head = null;
        target = null;
        resolution = null;
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reset();
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP: connection {} failed - {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
