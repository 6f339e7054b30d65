package io.jnsq.nsqd.tcp;

import static io.jnsq.protocol.ProtocolException.fatal;
import static io.jnsq.protocol.ProtocolException.invalid;
import static io.jnsq.protocol.ProtocolException.nonFatal;

import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.ChannelException;
import io.jnsq.nsqd.DrainingException;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.auth.AuthState;
import io.jnsq.nsqd.tls.TlsConfig;
import io.jnsq.protocol.CommandLine;
import io.jnsq.protocol.Frames;
import io.jnsq.protocol.GoQuote;
import io.jnsq.protocol.MessageId;
import io.jnsq.protocol.MpubBody;
import io.jnsq.protocol.Names;
import io.jnsq.protocol.ProtocolException;
import io.jnsq.protocol.Verb;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The V2 commands, named after their wire verbs, with NSQ's checks in NSQ's order and its exact error texts.
 * A command with a body is handled in two steps: its line is checked at once (so a bad topic is refused before
 * the body arrives), then the returned {@link BodyCommand} checks the size and runs on the complete body.
 */
final class ProtocolV2 {
    /** An ID that is not hex cannot be one we sent. */
    private static final String NOT_IN_FLIGHT = "ID not in flight";
    private static final int FIN_LINE_LENGTH = "FIN ".length() + MessageId.LENGTH;

    private final Broker broker;
    private final NsqdOptions options;
    private final ClientV2 client;
    private final Identify identify;
    private final ClientAuth auth;
    /** The ID of a FIN read by {@link #execFin}, reused. */
    private final byte[] idBytes = new byte[MessageId.LENGTH];
    /** A command waiting for the auth servers or the disk; the handler reads nothing more until it has run. */
    private CompletableFuture<Continuation> suspended;

    ProtocolV2(Broker broker, NsqdOptions options, TlsConfig tls, AuthServers authServers, ClientV2 client) {
        this.broker = broker;
        this.options = options;
        this.client = client;
        this.identify = new Identify(options, tls, client);
        this.auth = new ClientAuth(authServers, client);
    }

    /** The rest of a command that waited (for the auth servers, or its write); may return its body step. */
    interface Continuation {
        BodyCommand run() throws ProtocolException;
    }

    /**
     * The rest of the last command if it has to wait, else {@code null}. The future completes
     * on some other thread; the continuation must run on the connection's event loop.
     */
    CompletableFuture<Continuation> takeSuspended() {
        CompletableFuture<Continuation> waiting = suspended;
        suspended = null;
        return waiting;
    }

    /** The second step of a command with a body. */
    interface BodyCommand {
        /** Checks the declared body size before the body is read. */
        void checkSize(int size) throws ProtocolException;

        /** Runs the command on its complete body. */
        void execute(ByteBuf body) throws ProtocolException;

        /**
         * NSQ's error for input that ended (or timed out) inside this command: {@code partialBody} is what arrived
         * of the body, {@code null} if the size itself did not.
         */
        ProtocolException truncated(ByteBuf partialBody);
    }

    /** Runs a command line; returns what must run on its body, or {@code null} if it has none. */
    BodyCommand exec(CommandLine line) throws ProtocolException {
        if (options.tlsRequired != NsqdOptions.TLS_NOT_REQUIRED && !client.tls && line.verb() != Verb.IDENTIFY) {
            throw invalid("cannot " + echo(line.name()) + " in current state (TLS required)");
        }
        if (line.verb() == null) {
            throw invalid("invalid command " + echo(line.name()));
        }
        switch (line.verb()) {
            case FIN -> FIN(line);
            case RDY -> RDY(line);
            case REQ -> REQ(line);
            case TOUCH -> TOUCH(line);
            case NOP -> { }
            case SUB -> SUB(line);
            case CLS -> CLS();
            case PUB -> {
                return PUB(line);
            }
            case MPUB -> {
                return MPUB(line);
            }
            case DPUB -> {
                return DPUB(line);
            }
            case IDENTIFY -> {
                return IDENTIFY();
            }
            case AUTH -> {
                return AUTH(line);
            }
        }
        return null;
    }

    private BodyCommand IDENTIFY() throws ProtocolException {
        if (client.state != ClientV2.STATE_INIT) {
            throw invalid("cannot IDENTIFY in current state");
        }
        return body("IDENTIFY", options.maxBodySize, body -> {
            respond(identify.apply(body));
            if (identify.waitsForTls()) {
                suspended = identify.tlsReady().<Continuation>handle((ready, error) -> () -> {
                    if (error != null) {
                        throw fatal("E_IDENTIFY_FAILED", "IDENTIFY failed " + error.getMessage());
                    }
                    upgradeStream();
                    return null;
                }).toCompletableFuture();
                return;
            }
            upgradeStream();
        }, null);
    }

    /** The upgrades IDENTIFY negotiated, TLS first, each acknowledged through the new stream. */
    private void upgradeStream() {
        while (identify.upgrade(client.pipeline())) {
            client.streamSwitched = true;
            respond(Frames.OK);
        }
    }

    private BodyCommand AUTH(CommandLine line) throws ProtocolException {
        if (client.state != ClientV2.STATE_INIT) {
            throw invalid("cannot AUTH in current state");
        }
        if (line.paramCount() != 0) {
            throw invalid("AUTH invalid number of parameters");
        }
        return body("AUTH", options.maxBodySize, body -> {
            if (auth.hasAuthorizations()) {
                throw invalid("AUTH already set");
            }
            if (!auth.enabled()) {
                throw fatal("E_AUTH_DISABLED", "AUTH disabled");
            }
            String secret = body.toString(StandardCharsets.UTF_8);
            afterAuthServers(auth.query(secret), () -> {
                if (!auth.hasAuthorizations()) {
                    throw fatal("E_UNAUTHORIZED", "AUTH no authorizations found");
                }
                respond(auth.response());
                return null;
            });
        }, null);
    }

    /**
     * NSQ's CheckAuth, then {@code then}: with auth enabled the connection must hold a grant for the command, and
     * an expired answer is first renewed with the auth servers (the command then resumes when they answer).
     */
    private BodyCommand authorized(String command, String topic, String channel, Continuation then)
            throws ProtocolException {
        if (!auth.enabled()) {
            return then.run();
        }
        if (!auth.hasAuthorizations()) {
            throw fatal("E_AUTH_FIRST", "AUTH required before " + command);
        }
        Continuation check = () -> {
            if (!auth.isAllowed(topic, channel)) {
                throw fatal("E_UNAUTHORIZED", "AUTH failed for " + command + " on " + GoQuote.quote(topic) + " "
                        + GoQuote.quote(channel));
            }
            return then.run();
        };
        if (!auth.isExpired()) {
            return check.run();
        }
        afterAuthServers(auth.refresh(), check);
        return null;
    }

    /** Suspends the command until the auth servers answer; their failure is never shown to the client. */
    private void afterAuthServers(CompletableFuture<AuthState> query, Continuation then) {
        suspended = query.handle((state, error) -> () -> {
            if (error != null) {
                throw fatal("E_AUTH_FAILED", "AUTH failed");
            }
            auth.set(state);
            return then.run();
        });
    }

    private void SUB(CommandLine line) throws ProtocolException {
        if (client.state != ClientV2.STATE_INIT) {
            throw invalid("cannot SUB in current state");
        }
        if (client.heartbeatIntervalMs <= 0) {
            throw invalid("cannot SUB with heartbeats disabled");
        }
        if (line.paramCount() < 2) {
            throw invalid("SUB insufficient number of parameters");
        }
        String topicName = line.param(0);
        if (!Names.isValidTopicName(topicName)) {
            throw fatal("E_BAD_TOPIC", "SUB topic name " + GoQuote.quote(topicName) + " is not valid");
        }
        String channelName = line.param(1);
        if (!Names.isValidChannelName(channelName)) {
            throw fatal("E_BAD_CHANNEL", "SUB channel name " + GoQuote.quote(channelName) + " is not valid");
        }
        authorized("SUB", topicName, channelName, () -> {
            subscribe(topicName, channelName);
            return null;
        });
    }

    private void subscribe(String topicName, String channelName) throws ProtocolException {
        // An ephemeral topic or channel may be going away right now: take a fresh one, once.
        for (int attempt = 0; attempt < 2; attempt++) {
            Channel channel;
            Topic topic;
            try {
                topic = broker.topic(topicName);
                channel = topic.channel(channelName);
                channel.addClient(client);
            } catch (ChannelException | DrainingException e) {
                throw fatal("E_SUB_FAILED", "SUB failed " + e.getMessage());
            }
            if (!topic.isExiting() && !channel.isExiting()) {
                client.subscribe(channel);
                respond(Frames.OK);
                return;
            }
            channel.removeClient(client);
        }
        throw fatal("E_SUB_FAILED", "SUB failed to deleted topic/channel");
    }

    private void RDY(CommandLine line) throws ProtocolException {
        if (client.state == ClientV2.STATE_CLOSING) {
            return;
        }
        if (client.state != ClientV2.STATE_SUBSCRIBED) {
            throw invalid("cannot RDY in current state");
        }
        long count = 1;
        if (line.paramCount() > 0) {
            count = parseDigits(line.param(0));
            if (count < 0) {
                throw invalid("RDY could not parse count " + echo(line.param(0)));
            }
        }
        if (count > options.maxRdyCount) {
            throw invalid("RDY count " + count + " out of range 0-" + options.maxRdyCount);
        }
        client.setReadyCount(count);
    }

    /**
     * Runs the line of {@code lineLength} bytes (its newline excluded) at the reader index of {@code in}, consuming
     * it with its newline, if it is a FIN of a valid ID from a connection that may send one: a consumer sends one
     * per message, and this costs none of a parsed line's Strings. Returns {@code false}, having consumed nothing,
     * for any other line: {@link #exec} then runs it.
     */
    boolean execFin(ByteBuf in, int lineLength) throws ProtocolException {
        int start = in.readerIndex();
        int length = lineLength;
        if (length > 0 && in.getByte(start + length - 1) == '\r') {
            length--;
        }
        if (length != FIN_LINE_LENGTH || in.getByte(start) != 'F' || in.getByte(start + 1) != 'I'
                || in.getByte(start + 2) != 'N' || in.getByte(start + 3) != ' '
                || (options.tlsRequired != NsqdOptions.TLS_NOT_REQUIRED && !client.tls)
                || (client.state != ClientV2.STATE_SUBSCRIBED && client.state != ClientV2.STATE_CLOSING)) {
            return false;
        }
        in.getBytes(start + 4, idBytes);
        if (!MessageId.isValid(idBytes, 0)) {
            return false;
        }
        long id = MessageId.parse(idBytes, 0);
        in.skipBytes(lineLength + 1);
        finished(MessageId.toHex(id), client.finish(id));
        return true;
    }

    private void FIN(CommandLine line) throws ProtocolException {
        requireSubscribedOrClosing("FIN");
        if (line.paramCount() < 1) {
            throw invalid("FIN insufficient number of params");
        }
        String id = messageId(line.param(0));
        finished(id, MessageId.isValid(id) ? client.finish(MessageId.parse(id)) : NOT_IN_FLIGHT);
    }

    /** NSQ's error for a FIN of {@code id} (as sent) that failed with {@code failure}; nothing if it is null. */
    private static void finished(String id, String failure) throws ProtocolException {
        if (failure != null) {
            throw nonFatal("E_FIN_FAILED", "FIN " + echo(id) + " failed " + failure);
        }
    }

    private void REQ(CommandLine line) throws ProtocolException {
        requireSubscribedOrClosing("REQ");
        if (line.paramCount() < 2) {
            throw invalid("REQ insufficient number of params");
        }
        String id = messageId(line.param(0));
        long delay = parseDigits(line.param(1));
        if (delay < 0) {
            throw invalid("REQ could not parse timeout " + echo(line.param(1)));
        }
        // NSQ clamps an over-long delay rather than refusing it.
        delay = Math.min(delay, options.maxReqTimeout.toMillis());
        String failure = MessageId.isValid(id) ? client.requeue(MessageId.parse(id), delay) : NOT_IN_FLIGHT;
        if (failure != null) {
            throw nonFatal("E_REQ_FAILED", "REQ " + echo(id) + " failed " + failure);
        }
    }

    private void TOUCH(CommandLine line) throws ProtocolException {
        requireSubscribedOrClosing("TOUCH");
        if (line.paramCount() < 1) {
            throw invalid("TOUCH insufficient number of params");
        }
        String id = messageId(line.param(0));
        String failure = MessageId.isValid(id) ? client.touch(MessageId.parse(id)) : NOT_IN_FLIGHT;
        if (failure != null) {
            throw nonFatal("E_TOUCH_FAILED", "TOUCH " + echo(id) + " failed " + failure);
        }
    }

    private void CLS() throws ProtocolException {
        if (client.state != ClientV2.STATE_SUBSCRIBED) {
            throw invalid("cannot CLS in current state");
        }
        client.startClose();
        respond(Frames.CLOSE_WAIT);
    }

    private BodyCommand PUB(CommandLine line) throws ProtocolException {
        if (line.paramCount() < 1) {
            throw invalid("PUB insufficient number of parameters");
        }
        String topicName = validTopic("PUB", line.param(0));
        return message("PUB", body -> {
            byte[] message = readBytes(body, body.readableBytes());
            authorized("PUB", topicName, "", () -> {
                Topic topic = topicToPublish("PUB", "E_PUB_FAILED", topicName);
                return answerWhenStored(topic.publishAsync(List.of(message), 0), "PUB", "E_PUB_FAILED",
                        topicName, 1);
            });
        });
    }

    private BodyCommand DPUB(CommandLine line) throws ProtocolException {
        if (line.paramCount() < 2) {
            throw invalid("DPUB insufficient number of parameters");
        }
        String topicName = validTopic("DPUB", line.param(0));
        long deferMillis = parseDigits(line.param(1));
        if (deferMillis < 0) {
            throw invalid("DPUB could not parse timeout " + echo(line.param(1)));
        }
        long max = options.maxReqTimeout.toMillis();
        if (deferMillis > max) {
            throw invalid("DPUB timeout " + deferMillis + " out of range 0-" + max);
        }
        return message("DPUB", body -> {
            byte[] message = readBytes(body, body.readableBytes());
            authorized("DPUB", topicName, "", () -> {
                Topic topic = topicToPublish("DPUB", "E_DPUB_FAILED", topicName);
                return answerWhenStored(topic.publishAsync(List.of(message),
                        TimeUnit.MILLISECONDS.toNanos(deferMillis)), "DPUB", "E_DPUB_FAILED", topicName, 1);
            });
        });
    }

    /** The topic, created if missing; while nsqd drains no topic is created, and the command fails. */
    private Topic topicToPublish(String command, String code, String topicName) throws ProtocolException {
        try {
            return broker.topic(topicName);
        } catch (DrainingException e) {
            throw fatal(code, command + " failed " + e.getMessage());
        }
    }

    private BodyCommand MPUB(CommandLine line) throws ProtocolException {
        if (line.paramCount() < 1) {
            throw invalid("MPUB insufficient number of parameters");
        }
        String topicName = line.param(0);
        if (!Names.isValidTopicName(topicName)) {
            throw fatal("E_BAD_TOPIC", "E_BAD_TOPIC MPUB topic name " + GoQuote.quote(topicName) + " is not valid");
        }
        return authorized("MPUB", topicName, "", () -> mpubBody(topicName));
    }

    private BodyCommand mpubBody(String topicName) throws ProtocolException {
        // NSQ creates the topic before it looks at the body.
        Topic topic = topicToPublish("MPUB", "E_MPUB_FAILED", topicName);
        return body("MPUB", options.maxBodySize, body -> {
            List<byte[]> messages = readMpubMessages(body);
            answerWhenStored(topic.publishAsync(messages, 0), "MPUB", "E_MPUB_FAILED", topicName, messages.size());
        }, this::readMpubMessages);
    }

    /**
     * OK once the publish is stored, or the command's fatal error. While the storage thread writes it the command
     * is suspended, so the connection reads nothing more and its answers keep their order.
     */
    private BodyCommand answerWhenStored(CompletableFuture<Void> stored, String command, String code,
            String topicName, int messages) throws ProtocolException {
        if (!stored.isDone()) { // the continuation is made only for a publish that waits, off the memory path
            suspended = stored.handle((done, error) -> () -> answerWhenStored(stored, command, code, topicName,
                    messages));
            return null;
        }
        try {
            stored.join();
        } catch (CompletionException e) {
            throw fatal(code, command + " failed " + e.getCause().getMessage());
        }
        published(topicName, messages);
        acknowledgePublish();
        return null;
    }

    private List<byte[]> readMpubMessages(ByteBuf body) throws ProtocolException {
        return MpubBody.read(body, options.maxMsgSize, options.maxBodySize);
    }

    // ---- helpers ----

    private interface BodyAction {
        void run(ByteBuf body) throws ProtocolException;
    }

    /**
     * A body bounded by --max-body-size (IDENTIFY, AUTH, MPUB). NSQ parses an MPUB body as it reads it, so a cut
     * one is reported by {@code parsePartial}, the parser run on what arrived.
     */
    private static BodyCommand body(String command, long max, BodyAction action, BodyAction parsePartial) {
        return new BodyCommand() {
            @Override
            public void checkSize(int size) throws ProtocolException {
                if (size > max) {
                    throw fatal("E_BAD_BODY", command + " body too big " + size + " > " + max);
                }
                if (size <= 0) {
                    throw fatal("E_BAD_BODY", command + " invalid body size " + size);
                }
            }

            @Override
            public void execute(ByteBuf body) throws ProtocolException {
                action.run(body);
            }

            @Override
            public ProtocolException truncated(ByteBuf partialBody) {
                if (partialBody == null) {
                    return fatal("E_BAD_BODY", command + " failed to read body size");
                }
                if (parsePartial == null) {
                    return fatal("E_BAD_BODY", command + " failed to read body");
                }
                try {
                    parsePartial.run(partialBody);
                } catch (ProtocolException e) {
                    return e;
                }
                return fatal("E_BAD_MESSAGE", command + " failed to read message body");
            }
        };
    }

    /** A single message body bounded by --max-msg-size (PUB, DPUB). */
    private BodyCommand message(String command, BodyAction action) {
        long max = options.maxMsgSize;
        return new BodyCommand() {
            @Override
            public void checkSize(int size) throws ProtocolException {
                if (size <= 0) {
                    throw fatal("E_BAD_MESSAGE", command + " invalid message body size " + size);
                }
                if (size > max) {
                    throw fatal("E_BAD_MESSAGE", command + " message too big " + size + " > " + max);
                }
            }

            @Override
            public void execute(ByteBuf body) throws ProtocolException {
                action.run(body);
            }

            @Override
            public ProtocolException truncated(ByteBuf partialBody) {
                return fatal("E_BAD_MESSAGE", command + (partialBody == null
                        ? " failed to read message body size" : " failed to read message body"));
            }
        };
    }

    private static String validTopic(String command, String name) throws ProtocolException {
        if (!Names.isValidTopicName(name)) {
            throw fatal("E_BAD_TOPIC", command + " topic name " + GoQuote.quote(name) + " is not valid");
        }
        return name;
    }

    private void requireSubscribedOrClosing(String command) throws ProtocolException {
        if (client.state != ClientV2.STATE_SUBSCRIBED && client.state != ClientV2.STATE_CLOSING) {
            throw invalid("cannot " + command + " in current state");
        }
    }

    private static String messageId(String param) throws ProtocolException {
        if (param.length() != MessageId.LENGTH) {
            throw invalid("invalid message ID");
        }
        return param;
    }

    /**
     * Decimal digits only, of any length (leading zeros too), as NSQ's ByteToBase10 parses counts and timeouts; -1
     * for anything else (a sign included). Like ByteToBase10, an empty parameter ({@code "RDY "}) is 0. Past
     * 2^63-1 the value stays there where NSQ's wraps around (docs/compatibility.md): out of every range.
     */
    static long parseDigits(String s) {
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }

    /**
     * Client input quoted back in an error text. Lines are parsed one char per byte; error texts are sent as
     * UTF-8, so the bytes are decoded as the UTF-8 Go would echo (invalid sequences become U+FFFD).
     */
    private static String echo(String wire) {
        return new String(wire.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /**
     * The OK of a PUB, MPUB or DPUB goes out at once, as NSQ flushes every answer: a consumer on another event loop
     * may already be receiving the message, and a publisher that sees the message consumed before its OK arrives
     * would count the publish as failed if it closed then (nsqjs's integration suite does).
     */
    private void acknowledgePublish() {
        respond(Frames.OK);
        client.flushResponses();
    }

    /** Counts a publish for stats; the connection's first makes it one of nsqd's producers. */
    private void published(String topicName, int messages) {
        if (client.countPublished(topicName, messages)) {
            broker.addProducer(client);
        }
    }

    private void respond(byte[] data) {
        ByteBuf frame = client.alloc().ioBuffer(8 + data.length);
        Frames.writeResponse(frame, data);
        client.writeFrame(frame);
    }
}
