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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
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
    /** {@code FIN <16-character id>\n}. */
    private static final int FIN_SIZE = 21;
    /** Bodies of PUBs merged into one MPUB, at most; 64 KiB keeps the MPUB far below nsqd's size limits. */
    private static final int MERGE_LIMIT = 64 * 1024;
    /** A PUB's or MPUB's bytes besides its topic and bodies: verb, spaces, newline, size and count fields. */
    private static final int PUB_OVERHEAD = 16;

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

    /** A command nsqd answers, encoded by the caller; its answer is expected from when it is written. */
    private record Answered(Pending pending, ByteBuf encoded) {
    }

    /** A PUB that may leave merged with the PUBs queued right behind it for the same topic, as one MPUB. */
    private record Publish(String topic, byte[] body, CompletableFuture<Frame> answer) {
    }

    private final HostPort address;
    private final Config config;
    private final Listener listener;
    private final Channel channel;
    /** The commands written and not yet answered, oldest first; only the event loop touches it. */
    private final Queue<Pending> pending = new ArrayDeque<>();
    /**
     * What waits to be written: {@link Answered} commands, {@link Publish}es, messages to FIN, and the other
     * commands nsqd does not answer as encoders to run on the event loop ({@link #send}).
     */
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    /**
     * Small commands not yet written, written as one buffer by the write task; only the event loop touches it.
     */
    private ByteBuf batch;
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
        frames = new FrameHandler(MAX_FRAME_SIZE, this);
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

    /** The thread that reads the socket: a task given to it runs after the read in progress is fully handled. */
    Executor readThread() {
        return channel.eventLoop();
    }

    /** Sends a command that nsqd answers, and completes with the answer or fails with its error frame. */
    CompletableFuture<Frame> command(String name, Consumer<ByteBuf> encode) {
        return command(name, 256, encode);
    }

    /** {@link #command(String, Consumer)} for a command of about {@code size} bytes: one buffer, no regrowth. */
    CompletableFuture<Frame> command(String name, int size, Consumer<ByteBuf> encode) {
        ByteBuf out = channel.alloc().buffer(size);
        encode.accept(out);
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        outbound.add(new Answered(new Pending(name, answer), out));
        scheduleWrite();
        return answer;
    }

    /**
     * PUB of a body that may be merged ({@link #isMergeable}): when PUBs for the same topic wait to be written
     * one after another, as when many threads publish at once, they leave as one MPUB, which nsqd takes in one
     * command and answers once; each completes with that answer. A PUB with nothing behind it leaves as a PUB, at
     * once: nothing is held back to fill a batch.
     */
    CompletableFuture<Frame> publish(String topic, byte[] body) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        outbound.add(new Publish(topic, body, answer));
        scheduleWrite();
        return answer;
    }

    /**
     * Whether a PUB of {@code body} may share an MPUB: not empty (nsqd refuses an empty body, which would fail the
     * others with it) and small enough that MPUBs stay far below nsqd's {@code --max-msg-size} and
     * {@code --max-body-size}.
     */
    static boolean isMergeable(byte[] body) {
        return body.length > 0 && body.length <= MERGE_LIMIT;
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

    /** For an answer nsqd sends unasked for a command (the OK after an upgrade); on the event loop. */
    private CompletableFuture<Frame> expectAnswer(String command) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        pending.add(new Pending(command, answer));
        return answer;
    }

    /**
     * FIN, a consumer's most frequent command: the message itself is queued, no encoder made for it. On the I/O
     * thread (a handler run with concurrency 0) it goes straight into the write buffer, which the write task
     * flushes once the read is done.
     */
    void finish(Message message) {
        if (channel.eventLoop().inEventLoop() && channel.isActive()) {
            Commands.fin(batchWithRoom(FIN_SIZE), message.idHigh(), message.idLow());
        } else {
            outbound.add(message);
        }
        scheduleWrite();
    }

    private void scheduleWrite() {
        // read first: while a write is scheduled, a burst of commands only reads the flag, without a CAS each
        if (!writeScheduled.get() && writeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(writeTask);
        }
    }

    /**
     * Writes what is queued and flushes once. The flag is cleared before the queue is read: a command queued
     * meanwhile is either written now or schedules a task. Each answer is expected as its command is written, so
     * answers and commands are in the same order. Small commands (FIN, RDY, a small PUB) go into one buffer, so a
     * burst of them is one write for Netty, not one outbound entry each; a large one (an MPUB) goes as it is.
     */
    @SuppressWarnings("unchecked")
    private void writeQueued() {
        writeScheduled.set(false);
        if (!channel.isActive()) {
            failQueued();
            return;
        }
        for (Object out; (out = outbound.poll()) != null; ) {
            if (out instanceof Answered a) {
                pending.add(a.pending());
                write(a.encoded());
            } else if (out instanceof Publish p) {
                writePublish(p);
            } else if (out instanceof Message m) {
                Commands.fin(batchWithRoom(FIN_SIZE), m.idHigh(), m.idLow());
            } else {
                ((Consumer<ByteBuf>) out).accept(batchWithRoom(COALESCE_LIMIT));
            }
        }
        if (batch != null) {
            channel.write(batch, channel.voidPromise());
            batch = null;
        }
        channel.flush();
    }

    /** The PUB, or an MPUB of it and the PUBs for the same topic right behind it in the queue. */
    private void writePublish(Publish first) {
        if (!(outbound.peek() instanceof Publish next && next.topic().equals(first.topic()))) {
            pending.add(new Pending("PUB", first.answer()));
            ByteBuf out = channel.alloc().buffer(PUB_OVERHEAD + first.topic().length() + first.body().length);
            Commands.pub(out, first.topic(), first.body());
            write(out);
            return;
        }
        List<Publish> merged = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        int size = PUB_OVERHEAD + first.topic().length();
        // only this thread takes from the queue: the PUB peeked at is the one polled
        for (Publish p = first; p != null; ) {
            merged.add(p);
            bodies.add(p.body());
            size += 4 + p.body().length;
            p = outbound.peek() instanceof Publish more && more.topic().equals(first.topic())
                    && size + more.body().length <= MERGE_LIMIT ? (Publish) outbound.poll() : null;
        }
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        answer.whenComplete((frame, failure) -> {
            for (Publish p : merged) {
                if (failure != null) {
                    p.answer().completeExceptionally(failure);
                } else {
                    p.answer().complete(frame);
                }
            }
        });
        pending.add(new Pending("PUB (one of " + merged.size() + " sent as one MPUB)", answer));
        ByteBuf out = channel.alloc().buffer(size);
        Commands.mpub(out, first.topic(), bodies);
        write(out);
    }

    /** Writes an encoded command: a small one is copied into the batch and released, a large one goes as it is. */
    private void write(ByteBuf encoded) {
        int size = encoded.readableBytes();
        if (size < COALESCE_LIMIT) {
            batchWithRoom(size).writeBytes(encoded);
            encoded.release();
            return;
        }
        if (batch != null) {
            channel.write(batch, channel.voidPromise());
            batch = null;
        }
        channel.write(encoded, channel.voidPromise());
    }

    /** The batch, with at least {@code room} bytes free: a fuller one is written first and a new one begun. */
    private ByteBuf batchWithRoom(int room) {
        if (batch != null && batch.writableBytes() < room) {
            channel.write(batch, channel.voidPromise());
            batch = null;
        }
        if (batch == null) {
            batch = channel.alloc().buffer(BATCH_SIZE);
        }
        return batch;
    }

    /** The connection is closed: everything still queued fails, as the commands nsqd did not answer do. */
    private void failQueued() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
        for (Object out; (out = outbound.poll()) != null; ) {
            if (out instanceof Answered a) {
                a.encoded().release();
                a.pending().answer().completeExceptionally(closedException());
            } else if (out instanceof Publish p) {
                p.answer().completeExceptionally(closedException());
            }
        }
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

    /**
     * Closes once every command queued so far is written: the FIN of the last message answered goes out before the
     * close, even when the close is asked for on the event loop while that FIN's write task is still behind it.
     */
    CompletableFuture<Void> closeAfterQueued() {
        channel.eventLoop().execute(() -> {
            writeQueued();
            close();
        });
        return closed;
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
            if (decoded instanceof Message m) {
                listener.onMessage(Connection.this, m);
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
            writeQueued(); // fails what can no longer be written
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
