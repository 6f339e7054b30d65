package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.TopicStats;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.jnsq.testwire.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both tools against a real nsqd in this JVM, over every upgrade it offers, as bin/bench runs them. */
class UpgradedConnectionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "t";
    private static final String CHANNEL = "c";
    private static final int WORKERS = 2;

    @TempDir
    static Path certs;
    static Path certFile;
    static Path keyFile;

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeAll
    static void issueCertificate() {
        Identity server = TestCertificates.authority("bench test CA").issueServer(KeyType.EC);
        certFile = server.writeCertificate(certs.resolve("server.pem"));
        keyFile = server.writeKey(certs.resolve("server.key"), KeyFormat.PKCS8);
    }

    @BeforeEach
    void startNsqd() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.httpsAddress = "";
        options.dataPath = dataPath.toString();
        options.tlsCert = certFile.toString();
        options.tlsKey = keyFile.toString();
        nsqd = new Nsqd(options).start();
        nsqd.broker().topic(TOPIC).channel(CHANNEL);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        nsqd.close();
    }

    private <T extends BenchCommand> T command(T command, String flags, String... more) {
        String[] args = Stream.concat(Stream.of(flags.split(" ")), Stream.of(more)).toArray(String[]::new);
        new picocli.CommandLine(command).parseArgs(args);
        command.workers = WORKERS;
        command.log = new GoLog("", new PrintStream(logged, true, StandardCharsets.UTF_8));
        return command;
    }

    private String address() {
        return "--nsqd-tcp-address=127.0.0.1:" + nsqd.tcpAddress().getPort();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--tls", "--snappy", "--deflate", "--tls --snappy", "--tls --deflate --deflate-level=9",
        "--client", "--client --tls --snappy"})
    void messagesMoveBothWaysOverTheNegotiatedLayers(String flags) throws Exception {
        BenchWriter writer = command(new BenchWriter(), flags, address(), "--runfor=1h", "--topic=" + TOPIC,
                "--size=100", "--batch-size=20");
        Future<BenchResult> publishing = executor.submit(writer::bench);
        List<ClientStats> producers = Await.untilNonNull(TIMEOUT, () -> {
            List<ClientStats> connected = nsqd.broker().stats(TOPIC, "", true).producers();
            return connected != null && connected.size() == WORKERS ? connected : null;
        }, "both writer connections publishing");
        writer.runner.stop();
        BenchResult published = publishing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(producers).allSatisfy(client -> assertNegotiated(client, flags));
        assertThat(published.messages()).isPositive().isEqualTo(topic().messageCount());

        BenchReader reader = command(new BenchReader(), flags, address(), "--runfor=1h", "--topic=" + TOPIC,
                "--channel=" + CHANNEL, "--size=100", "--rdy=100");
        Future<BenchResult> consuming = executor.submit(reader::bench);
        List<ClientStats> consumers = Await.untilNonNull(TIMEOUT,
                () -> finishedConsumers(published.messages()), "every message finished");
        // a message published once the channel is drained (the reader idle, maybe on read timeouts) still comes
        // through every layer
        nsqd.broker().topic(TOPIC).publish(new byte[100]);
        Await.untilNonNull(TIMEOUT, () -> finishedConsumers(published.messages() + 1), "the late message finished");
        reader.runner.stop();
        BenchResult consumed = consuming.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(consumers).hasSize(WORKERS).allSatisfy(client -> assertNegotiated(client, flags));
        assertThat(consumed.messages()).isEqualTo(published.messages() + 1);
    }

    private TopicStats topic() {
        return nsqd.broker().stats(TOPIC, "", false).topics().get(0);
    }

    /** The channel's clients once they have finished {@code messages} between them, else {@code null}. */
    private List<ClientStats> finishedConsumers(long messages) {
        ChannelStats channel = nsqd.broker().stats(TOPIC, CHANNEL, true).topics().get(0).channels().get(0);
        long finished = channel.clients().stream().mapToLong(ClientStats::finishCount).sum();
        return finished == messages && channel.inFlightCount() == 0 ? channel.clients() : null;
    }

    private static void assertNegotiated(ClientStats client, String flags) {
        assertThat(client.tls()).as("tls").isEqualTo(flags.contains("--tls"));
        assertThat(client.snappy()).as("snappy").isEqualTo(flags.contains("--snappy"));
        assertThat(client.deflate()).as("deflate").isEqualTo(flags.contains("--deflate"));
        assertThat(client.userAgent().startsWith("jnsq-client/")).as("through jnsq-client")
                .isEqualTo(flags.contains("--client"));
    }
}
