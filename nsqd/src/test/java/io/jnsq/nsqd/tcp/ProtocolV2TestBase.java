package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An nsqd started in-process on {@code 127.0.0.1:0} with a temp data dir, one per test, and raw V2 clients
 * that are closed after the test. A test may change {@link #options} before its first {@link #connect()}:
 * nsqd starts lazily with them.
 */
@Timeout(30)
abstract class ProtocolV2TestBase {
    /** How long "nothing arrives" checks wait: long enough for a wrong frame to show up on loopback. */
    static final Duration QUIET = Duration.ofMillis(300);
    /** How long a fatal error may take to close the connection. */
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);
    /** How long asynchronous effects (a disconnect noticed, a channel deleted) may take. */
    static final Duration EVENTUALLY = Duration.ofSeconds(5);
    static final String UNKNOWN_ID = "0000000000000000";

    @TempDir
    Path dataDir;
    final NsqdOptions options = new NsqdOptions();
    private Nsqd nsqd;
    private WireClient producer;
    private final List<WireClient> clients = new ArrayList<>();

    ProtocolV2TestBase() {
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.httpsAddress = "";
    }

    @AfterEach
    void stopServer() {
        clients.forEach(WireClient::close);
        if (nsqd != null) {
            nsqd.close();
        }
    }

    /** The nsqd under test, started with {@link #options} on first use. */
    Nsqd nsqd() {
        if (nsqd == null) {
            options.dataPath = dataDir.toString();
            try {
                nsqd = new Nsqd(options).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nsqd;
    }

    /**
     * Stops nsqd gracefully, as SIGTERM does, after closing every test connection; the next use starts a new one
     * on the same data dir.
     */
    void restart() {
        clients.forEach(WireClient::close);
        clients.clear();
        producer = null;
        nsqd().close();
        nsqd = null;
    }

    /** A new connection that has sent the magic. */
    WireClient connect() {
        return track(WireClient.connect(nsqd().tcpAddress()));
    }

    /** A new connection that has sent nothing yet. */
    WireClient connectWithoutMagic() {
        return track(WireClient.connectWithoutMagic(nsqd().tcpAddress()));
    }

    private WireClient track(WireClient client) {
        clients.add(client);
        return client;
    }

    /** A connection subscribed to {@code topic}/{@code channel}, RDY 0. */
    WireClient subscribe(String topic, String channel) {
        return connect().sub(topic, channel).expectOk();
    }

    /** A connection that sent {@code identifyJson} (answered {@code OK}), then subscribed, RDY 0. */
    WireClient subscribe(String topic, String channel, String identifyJson) {
        return connect().identify(identifyJson).expectOk().sub(topic, channel).expectOk();
    }

    /** Publishes each body with PUB over one shared producer connection. */
    void publish(String topic, String... bodies) {
        for (String body : bodies) {
            producer().pub(topic, body).expectOk();
        }
    }

    /** Publishes {@code count} bodies {@code prefix0, prefix1, ...} in one MPUB. */
    List<String> publishNumbered(String topic, String prefix, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(prefix + i);
        }
        producer().mpub(topic, bodies.stream().map(ProtocolV2TestBase::utf8).toList()).expectOk();
        return bodies;
    }

    WireClient producer() {
        if (producer == null) {
            producer = connect();
        }
        return producer;
    }

    /** The topic, once it exists. */
    Topic topic(String name) {
        return Await.untilNonNull(EVENTUALLY, () -> nsqd().broker().existingTopic(name), "topic " + name + " to exist");
    }

    /** The channel, once it exists. */
    Channel channel(String topic, String channel) {
        return Await.untilNonNull(EVENTUALLY, () -> {
            Topic t = nsqd().broker().existingTopic(topic);
            return t == null ? null : t.existingChannel(channel);
        }, "channel " + topic + ":" + channel + " to exist");
    }

    /** nsqd's {@code /ping} as {@code "<status> <body>"}; {@link #options} must give an HTTP address. */
    String ping() {
        HttpResponse<String> response = TestHttp.get(HostPort.format(nsqd().httpAddress()), "/ping");
        return response.statusCode() + " " + response.body();
    }

    /** Reads {@code count} messages, skipping heartbeats. */
    static List<Message> readMessages(WireClient client, int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(client.readMessage());
        }
        return messages;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::bodyText).toList();
    }

    /** Expects exactly this error, then the server closing the connection. */
    static void assertFatal(WireClient client, String error) {
        assertThat(client.readError()).isEqualTo(error);
        client.assertClosed(CLOSE_WITHIN);
    }

    /** Expects exactly this error, then proves the connection still serves commands. */
    static void assertNonFatal(WireClient client, String error) {
        assertThat(client.readError()).isEqualTo(error);
        client.pub("still_open", "x").expectOk();
    }

    /**
     * Returns once the server has run every command sent on {@code client} so far, by waiting for the answer to a
     * PUB to a scratch topic. Only for connections that cannot be receiving messages meanwhile.
     */
    static void roundTrip(WireClient client) {
        client.pub("round_trip", "x").expectOk();
    }

    /** Raw bytes for commands the {@link WireClient} helpers would not send (bad sizes, odd lines). */
    static byte[] raw(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** A command line followed by a 4-byte size and nothing else. */
    static byte[] lineAndSize(String line, int size) {
        return raw(out -> {
            Commands.line(out, line);
            out.writeInt(size);
        });
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
