package io.jnsq.nsqlookupd.tcp;

import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty glue for one nsqd connection: checks the magic, cuts the byte stream into command lines and IDENTIFY's
 * body, hands them to {@link LookupProtocolV1}, and writes each response or error, closing the connection after an
 * error. Responses carry no frame type, unlike V2's.
 *
 * <pre>
 * stream:   "  V1" command*
 * command:  NAME[ SP param]* "\n"       (surrounding whitespace trimmed; IDENTIFY then [size: int32][body])
 * response: [size: int32][data]         (data: OK, JSON, or "E_CODE description")
 * </pre>
 */
final class ProtocolV1Handler extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(ProtocolV1Handler.class);
    /**
     * NSQ reads lines without a limit; a line this long cannot be a command of nsqd's (names are at most 64
     * characters), so the connection is closed instead of buffering it.
     */
    static final int MAX_LINE = 64 * 1024;
    /** NSQ has no limit either (and crashes on a negative size); nsqd's bodies are a few hundred bytes. */
    static final int MAX_IDENTIFY_BODY = 1024 * 1024;

    private final Nsqlookupd lookupd;
    private String remoteAddress;
    private LookupProtocolV1 protocol;
    private boolean magicSeen;
    /** IDENTIFY was accepted: its body comes next. */
    private boolean readingBody;
    private int bodySize = -1;
    private boolean closing;

    ProtocolV1Handler(Nsqlookupd lookupd) {
        this.lookupd = lookupd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remoteAddress = HostPort.format((InetSocketAddress) ctx.channel().remoteAddress());
        protocol = new LookupProtocolV1(lookupd, remoteAddress);
        log.info("TCP: new client({})", remoteAddress);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!magicSeen && !readMagic(ctx, in)) {
            return;
        }
        while (!closing && in.isReadable()) {
            try {
                boolean progressed = readingBody ? readBody(ctx, in) : readLine(ctx, in);
                if (!progressed) {
                    return;
                }
            } catch (ProtocolException e) {
                fail(ctx, in, e);
            }
        }
    }

    private boolean readMagic(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < Frames.MAGIC_V1.length) {
            return false;
        }
        byte[] magic = new byte[Frames.MAGIC_V1.length];
        in.readBytes(magic);
        if (!Arrays.equals(magic, Frames.MAGIC_V1)) {
            log.error("client({}) bad protocol magic '{}'", remoteAddress,
                    new String(magic, StandardCharsets.ISO_8859_1));
            fail(ctx, in, ProtocolException.fatal("E_BAD_PROTOCOL", ""));
            return false;
        }
        log.info("CLIENT({}): desired protocol magic '  V1'", remoteAddress);
        magicSeen = true;
        return true;
    }

    private boolean readLine(ChannelHandlerContext ctx, ByteBuf in) throws ProtocolException {
        int length = in.bytesBefore((byte) '\n');
        if (length < 0 ? in.readableBytes() > MAX_LINE : length > MAX_LINE) {
            log.error("[{}] - failed to read command - line longer than {} bytes", remoteAddress, MAX_LINE);
            stopReading(ctx, in);
            ctx.close();
            return false;
        }
        if (length < 0) {
            return false;
        }
        // bytes kept as they are: ISO-8859-1 round-trips them into error texts
        String line = trimSpace(in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString());
        in.skipBytes(1);
        byte[] response = protocol.exec(Arrays.asList(line.split(" ", -1)));
        if (response == null) {
            readingBody = true;
        } else {
            respond(ctx, response);
        }
        return true;
    }

    /** Go's {@code strings.TrimSpace} for the ASCII whitespace a command line can carry ({@code \r} included). */
    private static String trimSpace(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && isSpace(line.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private boolean readBody(ChannelHandlerContext ctx, ByteBuf in) throws ProtocolException {
        if (bodySize < 0) {
            if (in.readableBytes() < 4) {
                return false;
            }
            int size = in.readInt();
            if (size < 0 || size > MAX_IDENTIFY_BODY) {
                throw ProtocolException.fatal("E_BAD_BODY", "IDENTIFY invalid body size " + size);
            }
            bodySize = size;
        }
        if (in.readableBytes() < bodySize) {
            return false;
        }
        byte[] body = new byte[bodySize];
        in.readBytes(body);
        readingBody = false;
        bodySize = -1;
        respond(ctx, protocol.identify(body));
        return true;
    }

    private static void respond(ChannelHandlerContext ctx, byte[] data) {
        ctx.writeAndFlush(response(ctx, data));
    }

    private static ByteBuf response(ChannelHandlerContext ctx, byte[] data) {
        ByteBuf response = ctx.alloc().ioBuffer(4 + data.length);
        response.writeInt(data.length);
        response.writeBytes(data);
        return response;
    }

    /** Every V1 error is fatal: the error is the last response, then the connection closes. */
    private void fail(ChannelHandlerContext ctx, ByteBuf in, ProtocolException e) {
        log.error("[{}] - {}", remoteAddress, e.frameText());
        stopReading(ctx, in);
        byte[] text = e.frameText().getBytes(StandardCharsets.ISO_8859_1);
        ctx.writeAndFlush(response(ctx, text)).addListener(ChannelFutureListener.CLOSE);
    }

    private void stopReading(ChannelHandlerContext ctx, ByteBuf in) {
        closing = true;
        in.skipBytes(in.readableBytes());
        ctx.channel().config().setAutoRead(false);
    }

    /**
     * The peer shut down its sending side: an IDENTIFY cut inside its size or body is answered with NSQ's read
     * error (the connection is half-closed, so the answer still gets through); anything else just ends it.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (closing) {
            return;
        }
        if (readingBody) {
            fail(ctx, in, ProtocolException.fatal("E_BAD_BODY",
                    bodySize < 0 ? "IDENTIFY failed to read body size" : "IDENTIFY failed to read body"));
        } else {
            stopReading(ctx, in);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.info("CLIENT({}): closing", remoteAddress);
        closing = true;
        protocol.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.error("[{}] - {}", remoteAddress, cause.toString());
        ctx.close();
    }
}
