package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestCertificates.Authority;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.jnsq.testwire.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and consuming through each feature nsqd negotiates: TLS, client certificates, snappy, deflate, AUTH. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FeaturesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path certs;
    static Authority ca;
    static Path caFile;
    static Path serverCert;
    static Path serverKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority("jnsq client test CA");
        caFile = ca.writeCertificate(certs.resolve("ca.pem"));
        Identity server = ca.issueServer(KeyType.EC);
        serverCert = server.writeCertificate(certs.resolve("server.pem"));
        serverKey = server.writeKey(certs.resolve("server.key"), KeyFormat.PKCS8);
    }

    /** Publishes, then consumes, three messages with {@code config}. */
    private static void roundTrip(Nsqd nsqd, Config config) {
        String topic = "t" + System.nanoTime();
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), config)) {
            producer.publish(topic, "one".getBytes(UTF_8));
            producer.multiPublish(topic, List.of("two".getBytes(UTF_8), "three".getBytes(UTF_8)));
        }
        try (Consumer consumer = new Consumer(topic, "ch", config, m -> { })) {
            consumer.connectToNsqd(LocalNsq.tcp(nsqd));
            Await.until(WAIT, () -> consumer.stats().messagesFinished() == 3, "three messages through " + config);
            assertThat(nsqd.broker().stats(topic, "ch", true).topics().get(0).channels().get(0).clients())
                    .as("our connection: tls, snappy, deflate")
                    .extracting(ClientStats::tls, ClientStats::snappy, ClientStats::deflate)
                    .containsExactly(tuple(config.tlsV1(), config.snappy(), config.deflate()));
        }
    }

    @Test
    void snappyAndDeflate() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            roundTrip(nsqd, Config.builder().snappy(true).build());
            roundTrip(nsqd, Config.builder().deflate(true).deflateLevel(9).build());
        }
    }

    @Test
    void tlsVerifiedAgainstTheRootCaAndTheHostDialled() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir, o -> {
            o.tlsCert = serverCert.toString();
            o.tlsKey = serverKey.toString();
        })) {
            Config tls = Config.builder().tlsV1(true).tlsRootCaFile(caFile.toString()).build();
            roundTrip(nsqd, tls);
            roundTrip(nsqd, tls.toBuilder().snappy(true).build());
            roundTrip(nsqd, tls.toBuilder().deflate(true).build());

            // a certificate from another authority is refused, unless told to skip verification
            Path other = TestCertificates.authority("other CA").writeCertificate(dir.resolve("other.pem"));
            Config untrusted = Config.builder().tlsV1(true).tlsRootCaFile(other.toString()).build();
            try (Producer producer = new Producer(LocalNsq.tcp(nsqd), untrusted)) {
                assertThatThrownBy(() -> producer.publish("t", new byte[1])).isInstanceOf(NsqException.class);
            }
            roundTrip(nsqd, untrusted.toBuilder().tlsInsecureSkipVerify(true).build());
        }
    }

    @Test
    void aClientCertificateWhenNsqdRequiresOne() throws Exception {
        Identity client = ca.issueClient("jnsq-client", KeyType.RSA);
        Path clientCert = client.writeCertificate(dir.resolve("client.pem"));
        Path clientKey = client.writeKey(dir.resolve("client.key"), KeyFormat.PKCS8);
        try (Nsqd nsqd = LocalNsq.nsqd(dir, o -> {
            o.tlsCert = serverCert.toString();
            o.tlsKey = serverKey.toString();
            o.tlsClientAuthPolicy = "require-verify";
            o.tlsRootCaFile = caFile.toString();
            o.tlsRequired = io.jnsq.nsqd.NsqdOptions.TLS_REQUIRED;
        })) {
            Config config = Config.builder().tlsV1(true).tlsRootCaFile(caFile.toString())
                    .tlsCert(clientCert.toString()).tlsKey(clientKey.toString()).build();
            roundTrip(nsqd, config);
        }
    }

    @Test
    void authWithTheSecretAndARefusalWithNsqdsCode() throws Exception {
        HttpServer auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", exchange -> {
            boolean good = exchange.getRequestURI().getQuery().contains("secret=open-sesame");
            byte[] body = (good
                    ? "{\"ttl\":3600,\"identity\":\"tester\",\"identity_url\":\"\",\"authorizations\":"
                            + "[{\"permissions\":[\"subscribe\",\"publish\"],\"topic\":\".*\",\"channels\":[\".*\"]}]}"
                    : "{\"message\":\"bad secret\"}").getBytes(UTF_8);
            exchange.sendResponseHeaders(good ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        auth.start();
        try (Nsqd nsqd = LocalNsq.nsqd(dir, o -> o.authHttpAddresses = List.of(
                "127.0.0.1:" + auth.getAddress().getPort()))) {
            roundTrip(nsqd, Config.builder().authSecret("open-sesame").build());

            try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.builder().authSecret("wrong").build())) {
                assertThatThrownBy(() -> producer.publish("t", new byte[1]))
                        .isInstanceOfSatisfying(NsqErrorException.class,
                                e -> assertThat(e.code()).isEqualTo("E_AUTH_FAILED"));
            }
            try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
                assertThatThrownBy(() -> producer.publish("t", new byte[1]))
                        .isInstanceOf(NsqException.class).hasMessageContaining("requires AUTH: set auth_secret");
            }
        } finally {
            auth.stop(0);
        }
    }
}
