package io.jnsq.client;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.SnappyFrameDecoder;
import io.netty.handler.codec.compression.SnappyFrameEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One V2 connection to nsqd, as go-nsq's {@code Conn}: the handshake (magic, IDENTIFY with feature negotiation,
 * TLS, snappy or deflate, AUTH), heartbeats answered, commands written and flushed in batches, and the frames nsqd
 * sends handed on: answers to the commands that wait for one, in order, and messages to the {@link Listener}.
 *
 * <p>Commands may be sent from any thread. They wait in one queue, in the order they were made, for a task on the
 * connection's event loop that writes every command queued and flushes once, so a burst of publishes or FINs
 * goes out in few packets and costs one task, not one per command.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** nsqd's largest frame is a message of --max-msg-size (1 MiB by default) plus its header; leave room. */
    private static final int MAX_FRAME_SIZE = 64 * 1024 * 1024;
    /** Commands shorter than this are copied into a shared write buffer of {@link #BATCH_SIZE} bytes. */
    private static final int COALESCE_LIMIT = 1024;
    private static final int BATCH_SIZE = 16 * 1024;

    /** What a connection hands on besides the answers to its commands. */
    interface Listener {
        void onMessage(Connection connection, Message message);

        /** An error frame no command waits for: a failed FIN, REQ or TOUCH, or an error before nsqd closes. */
        void onError(Connection connection, NsqErrorException error);

        /** The connection is closed, by either side; {@code cause} is null for a close asked for. */
        void onClose(Connection connection, Throwable cause);

        /** The messages of one read from the socket have all been handed to {@link #onMessage}. */
        default void onReadComplete(Connection connection) {
        }
    }

    private record Pending(String command, CompletableFuture<Frame> answer) {
    }

    private final HostPort address;
    private final Config config;
    private final Listener listener;
    private final Channel channel;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    /** Encoded commands (ByteBuf) and commands to encode on the event loop (an encoder, {@link #send}). */
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writeTask = this::writeQueued;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile IdentifyResponse identified = IdentifyResponse.NONE;
    private volatile boolean closing;
    private FrameHandler frames;

    private Connection(HostPort address, Config config, Listener listener, Channel channel) {
        this.address = address;
        this.config = config;
        this.listener = listener;
        this.channel = channel;
    }

    /** Dials nsqd and completes once the handshake is done: IDENTIFY, the upgrades nsqd granted, and AUTH. */
    static CompletableFuture<Connection> open(HostPort address, Config config, ClientLoops loops,
            Listener listener) {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        InetSocketAddress remote = address.dialAddress();
        if (remote.isUnresolved()) {
            opened.completeExceptionally(
                    new NsqException("dial tcp: lookup " + address.host() + ": no such host"));
            return opened;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the handlers are added once the Connection exists, in connected()
                    }
                });
        if (config.localAddr() != null) {
            bootstrap.localAddress(HostPort.parse(config.localAddr()).dialAddress());
        }
        bootstrap.connect(remote).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(new NsqException("dial tcp " + address.joined() + ": "
                        + f.cause().getMessage(), f.cause()));
                return;
            }
            Connection connection = new Connection(address, config, listener, f.channel());
            connection.connected().whenComplete((ok, failure) -> {
                if (failure == null) {
                    opened.complete(connection);
                } else {
                    connection.channel.close();
                    opened.completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
                            && c.getCause() != null ? c.getCause() : failure);
                }
            });
        });
        return opened;
    }

    /** On the event loop, just connected: the pipeline, then the handshake. */
    private CompletableFuture<Void> connected() {
        ChannelPipeline pipeline = channel.pipeline();
        if (!config.readTimeout().isZero()) {
            pipeline.addLast("readTimeout", new ReadTimeoutHandler(config.readTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        frames = new FrameHandler(MAX_FRAME_SIZE);
        pipeline.addLast("frames", frames);
        pipeline.addLast("connection", new Handler());
        channel.closeFuture().addListener(f -> closed.complete(null));

        ByteBuf hello = channel.alloc().buffer();
        hello.writeBytes(Frames.MAGIC_V2);
        channel.write(hello);
        return command("IDENTIFY", out -> Commands.identify(out, IdentifyRequest.json(config)))
                .thenCompose(answer -> negotiated(IdentifyResponse.parse(answer.data())))
                .thenCompose(ignored -> authenticate());
    }

    /** Applies what nsqd granted, in NSQ's order: TLS, then snappy or deflate; each ends with nsqd's OK. */
    private CompletableFuture<Void> negotiated(IdentifyResponse granted) {
        identified = granted;
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (granted.tlsV1()) {
            done = done.thenCompose(ignored -> upgrade("TLS", null, () -> channel.pipeline().addFirst("tls",
                    Tls.handler(config, address, channel.alloc()))));
        }
        if (granted.snappy()) {
            done = done.thenCompose(ignored -> upgrade("snappy", "snappyDecoder", () -> {
                channel.pipeline().addBefore("frames", "snappyDecoder", new SnappyFrameDecoder(true));
                channel.pipeline().addBefore("frames", "snappyEncoder", new SnappyFrameEncoder());
            }));
        } else if (granted.deflate()) {
            done = done.thenCompose(ignored -> upgrade("deflate", "inflater", () -> {
                channel.pipeline().addBefore("frames", "inflater", new JdkZlibDecoder(ZlibWrapper.NONE, 0));
                channel.pipeline().addBefore("frames", "deflater",
                        new JdkZlibEncoder(ZlibWrapper.NONE, granted.deflateLevel()));
            }));
        }
        return done;
    }

    /**
     * Adds a layer below the frames and waits for the OK nsqd sends through it. A decoding layer gets the bytes
     * read past the frame just handled: nsqd may have sent its OK in the same packet, already encoded.
     */
    private CompletableFuture<Void> upgrade(String layer, String decoderName, Runnable addLayer) {
        CompletableFuture<Frame> ok = expectAnswer("IDENTIFY (" + layer + ")");
        addLayer.run();
        if (decoderName != null) {
            frames.divertRest(rest -> channel.eventLoop().execute(() -> {
                // the decoder's reads come from TLS when there is TLS, else from the socket
                ChannelHandlerContext tls = channel.pipeline().context("tls");
                if (tls != null) {
                    tls.fireChannelRead(rest);
                } else {
                    channel.pipeline().fireChannelRead(rest);
                }
            }));
        }
        return ok.thenAccept(answer -> {
            if (!answer.text().equals("OK")) {
                throw new NsqException("IDENTIFY: expected OK over " + layer + ", got " + answer.text());
            }
        });
    }

    private CompletableFuture<Void> authenticate() {
        if (!identified.authRequired()) {
            return CompletableFuture.completedFuture(null);
        }
        if (config.authSecret() == null) {
            return CompletableFuture.failedFuture(
                    new NsqException("nsqd " + address.joined() + " requires AUTH: set auth_secret"));
        }
        byte[] secret = config.authSecret().getBytes(StandardCharsets.UTF_8);
        return command("AUTH", out -> Commands.auth(out, secret)).thenAccept(answer ->
                log.debug("AUTH {}: {}", address.joined(), answer.text()));
    }

    /** Sends a command that nsqd answers, and completes with the answer or fails with its error frame. */
    CompletableFuture<Frame> command(String name, Consumer<ByteBuf> encode) {
        return command(name, 256, encode);
    }

    /** {@link #command(String, Consumer)} for a command of about {@code size} bytes: one buffer, no regrowth. */
    CompletableFuture<Frame> command(String name, int size, Consumer<ByteBuf> encode) {
        ByteBuf out = channel.alloc().buffer(size);
        encode.accept(out);
        // the answer must be expected before the command can leave, and in the order the commands are written
        CompletableFuture<Frame> answer;
        synchronized (pending) {
            answer = expectAnswer(name);
            outbound.add(out);
        }
        scheduleWrite();
        return answer;
    }

    /**
     * Sends a command nsqd does not answer when it succeeds (RDY, FIN, REQ, TOUCH, NOP). These are short and
     * frequent: they are encoded on the event loop straight into the write buffer, not each into a buffer of its
     * own.
     */
    void send(Consumer<ByteBuf> encode) {
        outbound.add(encode); // no answer expected, so no order to keep with the pending queue
        scheduleWrite();
    }

    private CompletableFuture<Frame> expectAnswer(String command) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        Pending waiting = new Pending(command, answer);
        pending.add(waiting);
        // after the add: channelInactive drains the queue once, so one added after that must fail here
        if (!channel.isActive() && pending.remove(waiting)) {
            answer.completeExceptionally(closedException());
        }
        return answer;
    }

    private void scheduleWrite() {
        if (writeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(writeTask);
        }
    }

    /**
     * Cleared before the queue is read: a command queued meanwhile is either written now or schedules a task. Small
     * commands (FIN, RDY, a small PUB) go into one buffer, so a burst of them is one write for Netty, not one
     * outbound entry each; a large one (an MPUB) goes as it is. A command is at most {@link #COALESCE_LIMIT} bytes
     * unless it is an encoded ByteBuf, so the room checked for suffices.
     */
    @SuppressWarnings("unchecked")
    private void writeQueued() {
        writeScheduled.set(false);
        if (!channel.isActive()) {
            for (Object out; (out = outbound.poll()) != null; ) {
                if (out instanceof ByteBuf buf) {
                    buf.release();
                }
            }
            return;
        }
        ByteBuf batch = null;
        for (Object out; (out = outbound.poll()) != null; ) {
            if (out instanceof ByteBuf buf && buf.readableBytes() >= COALESCE_LIMIT) {
                batch = writeBatch(batch);
                channel.write(buf, channel.voidPromise());
                continue;
            }
            if (batch != null && batch.writableBytes() < COALESCE_LIMIT) {
                batch = writeBatch(batch);
            }
            if (batch == null) {
                batch = channel.alloc().buffer(BATCH_SIZE);
            }
            if (out instanceof ByteBuf buf) {
                batch.writeBytes(buf);
                buf.release();
            } else {
                ((Consumer<ByteBuf>) out).accept(batch);
            }
        }
        writeBatch(batch);
        channel.flush();
    }

    /** Writes a batch of small commands, if any; returns null, for the next batch. */
    private ByteBuf writeBatch(ByteBuf batch) {
        if (batch != null) {
            channel.write(batch, channel.voidPromise());
        }
        return null;
    }

    /** What nsqd granted in its IDENTIFY answer. */
    IdentifyResponse identified() {
        return identified;
    }

    HostPort address() {
        return address;
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** Closes the connection at once; commands still waiting for an answer fail. */
    CompletableFuture<Void> close() {
        closing = true;
        channel.close();
        return closed;
    }

    private NsqException closedException() {
        return new NsqException("connection to nsqd " + address.joined() + " closed");
    }

    @Override
    public String toString() {
        return address.joined();
    }

    /** Hands on what nsqd sends; runs on the event loop. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private Throwable failure;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object decoded) {
            if (decoded instanceof io.jnsq.protocol.Message m) {
                listener.onMessage(Connection.this, new Message(m, Connection.this));
                return;
            }
            Frame frame = (Frame) decoded;
            FrameType type = frame.type();
            if (type == FrameType.RESPONSE) {
                if (frame.isHeartbeat()) {
                    send(Commands::nop);
                    return;
                }
                Pending waiting = pending.poll();
                if (waiting != null) {
                    waiting.answer().complete(frame);
                } else {
                    log.warn("({}) unexpected response {}", address.joined(), frame.text());
                }
            } else if (type == FrameType.ERROR) {
                error(ctx, frame.text());
            } else {
                failure = new NsqException("unknown frame type " + frame.rawType() + " from " + address.joined());
                ctx.close();
            }
        }

        /**
         * An error answers the oldest command waiting, unless it is one of the errors FIN, REQ and TOUCH get. nsqd
         * closes the connection after any other, so it is closed here first: a command made once the caller learns
         * of the error goes to a new connection, not to this one.
         */
        private void error(ChannelHandlerContext ctx, String text) {
            boolean fatal = !NsqErrorException.isNonFatalCode(NsqErrorException.codeOf(text));
            Pending waiting = fatal ? pending.poll() : null;
            NsqErrorException error = new NsqErrorException(
                    waiting != null ? waiting.command() : "nsqd " + address.joined(), text);
            if (fatal) {
                if (failure == null) {
                    failure = error;
                }
                ctx.close();
            }
            if (waiting != null) {
                waiting.answer().completeExceptionally(error);
            } else {
                listener.onError(Connection.this, error);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            listener.onReadComplete(Connection.this);
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause instanceof ReadTimeoutException
                        ? new NsqException("no data from nsqd " + address.joined() + " for "
                                + config.readTimeout().toMillis() + " ms (read_timeout)")
                        : cause;
            }
            log.debug("({}) connection failed - {}", address.joined(), cause.toString());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            writeQueued(); // releases what can no longer be written
            NsqException closedNow = closedException();
            for (Pending p; (p = pending.poll()) != null; ) {
                p.answer().completeExceptionally(failure != null
                        ? new NsqException(closedNow.getMessage() + " - " + failure.getMessage(), failure)
                        : closedNow);
            }
            listener.onClose(Connection.this, closing ? null : failure != null ? failure : closedNow);
        }
    }
}
