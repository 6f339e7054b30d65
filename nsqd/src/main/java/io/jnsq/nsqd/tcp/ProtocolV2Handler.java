package io.jnsq.nsqd.tcp;

import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.CommandLine;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty glue for one V2 connection: checks the magic, cuts the byte stream into command lines and bodies,
 * hands them to {@link ProtocolV2}, and maps a {@link ProtocolException} to an error frame (closing the
 * connection when it is fatal). Commands run in arrival order, so pipelined commands are answered in order.
 *
 * <pre>
 * stream:  "  V2" command*
 * command: NAME[ SP param]* "\n" [size: int32][body: size bytes]   (body only for IDENTIFY AUTH PUB MPUB DPUB)
 * </pre>
 */
final class ProtocolV2Handler extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(ProtocolV2Handler.class);
    /** NSQ reads lines through a 16 KiB buffer: a line whose newline does not fit in it ends the connection. */
    private static final int LINE_BUFFER = 16 * 1024;

    private final Broker broker;
    private final NsqdOptions options;
    private final TlsConfig tls;
    private final AuthServers authServers;
    private final long clientId;
    private ClientV2 client;
    private ProtocolV2 protocol;
    private boolean magicSeen;
    private ProtocolV2.BodyCommand pendingBody;
    private int pendingBodySize = -1;
    private boolean closing;
    /** A command waits for the auth servers: later input stays buffered until it has run. */
    private boolean suspended;
    /** The input ended while a command was suspended; handled once it has run. */
    private boolean inputEndedWhileSuspended;

    ProtocolV2Handler(Broker broker, NsqdOptions options, TlsConfig tls, AuthServers authServers, long clientId) {
        this.broker = broker;
        this.options = options;
        this.tls = tls;
        this.authServers = authServers;
        this.clientId = clientId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        client = new ClientV2(clientId, options, ctx.channel());
        protocol = new ProtocolV2(broker, options, tls, authServers, client);
        log.info("TCP: new client({})", client.remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        client.readSomething();
        if (!magicSeen && !readMagic(ctx, in)) {
            return;
        }
        while (!closing && !suspended && in.isReadable()) {
            try {
                if (pendingBody == null) {
                    if (!readLine(ctx, in)) {
                        return;
                    }
                } else if (!readBody(in)) {
                    return;
                }
                CompletableFuture<ProtocolV2.Continuation> waiting = protocol.takeSuspended();
                if (waiting != null) {
                    suspend(ctx, waiting);
                }
            } catch (ProtocolException e) {
                fail(ctx, in, e);
            }
        }
    }

    /**
     * Stops reading until what the command waits for is there (the auth servers' answer, TLS still being built
     * as nsqd starts, or a publish's disk write), so commands keep their order; the rest of the command then runs
     * on this event loop and reading resumes with whatever arrived meanwhile. Its answer waits too: a client that
     * asked for TLS sends its handshake only once it has the IDENTIFY response, and must find TLS in place.
     */
    private void suspend(ChannelHandlerContext ctx, CompletableFuture<ProtocolV2.Continuation> waiting) {
        suspended = true;
        ctx.channel().config().setAutoRead(false);
        waiting.whenCompleteAsync((rest, error) -> resume(ctx, rest, error), ctx.executor());
    }

    private void resume(ChannelHandlerContext ctx, ProtocolV2.Continuation rest, Throwable error) {
        suspended = false;
        if (closing) {
            return;
        }
        if (error != null) {
            exceptionCaught(ctx, error);
            return;
        }
        try {
            pendingBody = rest.run();
        } catch (ProtocolException e) {
            fail(ctx, internalBuffer(), e);
        }
        CompletableFuture<ProtocolV2.Continuation> waitingAgain = protocol.takeSuspended();
        if (waitingAgain != null && !closing) { // authorized, and now its write is waited for
            suspend(ctx, waitingAgain);
            return;
        }
        client.readComplete();
        if (closing) {
            return;
        }
        if (inputEndedWhileSuspended) {
            inputEnded(ctx, internalBuffer());
            return;
        }
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER); // decodes the input that waited, before any more is read
        } catch (Exception e) {
            exceptionCaught(ctx, e);
            return;
        }
        if (!closing && !suspended) {
            ctx.channel().config().setAutoRead(true);
            client.readComplete();
        }
    }

    private boolean readMagic(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (in.getByte(in.readerIndex() + i) != Frames.MAGIC_V2[i]) {
                fail(ctx, in, ProtocolException.fatal("E_BAD_PROTOCOL", ""));
                return false;
            }
        }
        in.skipBytes(4);
        client.startHeartbeats();
        magicSeen = true;
        return true;
    }

    private boolean readLine(ChannelHandlerContext ctx, ByteBuf in) throws ProtocolException {
        int length = in.bytesBefore((byte) '\n');
        if (length < 0 ? in.readableBytes() >= LINE_BUFFER : length >= LINE_BUFFER) {
            log.error("[{}] - failed to read command - line longer than {} bytes", client.remoteAddress(),
                    LINE_BUFFER - 1);
            stopReading(ctx, in);
            ctx.close();
            return false;
        }
        if (length < 0) {
            return false;
        }
        if (protocol.execFin(in, length)) {
            return true;
        }
        CommandLine line = CommandLine.parse(in, length);
        in.skipBytes(1);
        pendingBody = protocol.exec(line);
        return true;
    }

    private boolean readBody(ByteBuf in) throws ProtocolException {
        if (pendingBodySize < 0) {
            if (in.readableBytes() < 4) {
                return false;
            }
            int size = in.readInt();
            pendingBody.checkSize(size);
            pendingBodySize = size;
        }
        if (in.readableBytes() < pendingBodySize) {
            return false;
        }
        ProtocolV2.BodyCommand command = pendingBody;
        ByteBuf body = in.readSlice(pendingBodySize);
        pendingBody = null;
        pendingBodySize = -1;
        boolean wasSwitched = client.streamSwitched;
        command.execute(body);
        if (!wasSwitched && client.streamSwitched) {
            // As NSQ, whose TLS or compressed reader wraps the raw connection and drops what the plain reader
            // buffered: anything sent with IDENTIFY, before the client saw the response, is not in the new stream.
            in.skipBytes(in.readableBytes());
        }
        return true;
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, ProtocolException e) {
        pendingBody = null;
        pendingBodySize = -1;
        ByteBuf frame = ctx.alloc().ioBuffer();
        Frames.writeError(frame, e);
        if (e.isFatal()) {
            log.error("[{}] - {}", client.remoteAddress(), e.frameText());
            stopReading(ctx, in);
            ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.writeFrame(frame);
        }
    }

    /** The connection is about to close: whatever else the client sent is discarded. */
    private void stopReading(ChannelHandlerContext ctx, ByteBuf in) {
        closing = true;
        in.skipBytes(in.readableBytes());
        ctx.channel().config().setAutoRead(false);
    }

    /** The client shut down its sending side (the connection is half-closed, so an answer still gets through). */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        inputEnded(ctx, in);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientV2.READ_TIMEOUT) {
            inputEnded(ctx, internalBuffer());
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * No more input: as NSQ, answer a command cut inside its body with its "failed to read" error; a cut command
     * line or magic just ends the connection.
     */
    private void inputEnded(ChannelHandlerContext ctx, ByteBuf in) {
        if (closing) {
            return;
        }
        if (suspended) {
            inputEndedWhileSuspended = true;
            return;
        }
        if (pendingBody != null) {
            fail(ctx, in, pendingBody.truncated(pendingBodySize < 0 ? null : in));
        } else {
            stopReading(ctx, in);
            ctx.close();
        }
    }

    /** Flushes the answers of this read, unless a suspended command holds them back until it has run. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (suspended) {
            // not the decoder's own: with auto-read off and no message decoded it asks for more input, which
            // would pile up in memory for as long as the command waits (a publisher pipelining onto a slow disk)
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
        if (!closing) {
            client.readComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        client.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.info("PROTOCOL(V2): [{}] exiting ioloop", client.remoteAddress());
        closing = true;
        client.closed();
        broker.removeProducer(client);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause.getCause() instanceof SSLHandshakeException) {
            ctx.close(); // the IDENTIFY that started the handshake has logged why it failed
            return;
        }
        log.error("[{}] - {}", client == null ? "?" : client.remoteAddress(), cause.toString());
        ctx.close();
    }
}
