package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.auth.FakeAuthServer;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Commands;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestCertificates.Authority;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.jnsq.testwire.TestCertificates;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS negotiated in IDENTIFY (§2.8), the TLS policy (§2.6), client certificates and the --tls-* flags (§1.7). */
class TlsTest extends ProtocolV2TestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TLS_IDENTIFY = "{\"feature_negotiation\":true,\"tls_v1\":true}";

    @TempDir
    static Path certs;
    static Authority ca;
    static Identity server;
    static Path caFile;
    static Path certFile;
    static Path keyFile;

    private final List<NegotiatingWireClient> negotiating = new ArrayList<>();

    @BeforeAll
    static void issueCertificates() {
        ca = TestCertificates.authority("jnsq test CA");
        server = ca.issueServer(KeyType.EC);
        caFile = ca.writeCertificate(certs.resolve("ca.pem"));
        certFile = server.writeCertificate(certs.resolve("server.pem"));
        keyFile = server.writeKey(certs.resolve("server.key"), KeyFormat.PKCS8);
    }

    TlsTest() {
        options.tlsCert = certFile.toString();
        options.tlsKey = keyFile.toString();
    }

    @AfterEach
    void closeClients() {
        negotiating.forEach(NegotiatingWireClient::close);
    }

    private NegotiatingWireClient open() {
        NegotiatingWireClient client = new NegotiatingWireClient(nsqd().tcpAddress());
        negotiating.add(client);
        return client;
    }

    private static JsonNode identify(NegotiatingWireClient client, String json) throws IOException {
        client.send(out -> Commands.identify(out, json));
        return JSON.readTree(client.readResponse());
    }

    /** A client that asked for TLS, ran the handshake with {@code context} and read the OK over TLS. */
    private NegotiatingWireClient upgraded(SSLContext context) throws IOException {
        NegotiatingWireClient client = open();
        assertThat(identify(client, TLS_IDENTIFY).get("tls_v1").asBoolean()).isTrue();
        return client.tls(context).expectOk();
    }

    private static SSLContext trustingCa() {
        return TestCertificates.clientContext(ca, null);
    }

    private ClientStats statsOfOnlyClient(String topic, String channel) {
        return channel(topic, channel).clients().get(0).stats();
    }

    private static void publishAndConsume(NegotiatingWireClient client, String topic) throws IOException {
        client.send(out -> Commands.pub(out, topic, utf8("secret"))).expectOk();
        client.send(out -> Commands.sub(out, topic, "c")).expectOk();
        client.send(out -> Commands.rdy(out, 1));
        Message message = client.readMessage();
        assertThat(message.bodyText()).isEqualTo("secret");
        client.send(out -> Commands.fin(out, message.id()));
        client.send(out -> Commands.pub(out, "after_fin", utf8("x"))).expectOk();
    }

    @Test
    void upgradesAfterTheIdentifyResponseAndAnswersOkOverTls() throws IOException {
        NegotiatingWireClient client = upgraded(trustingCa());
        publishAndConsume(client, "t");

        ClientStats stats = statsOfOnlyClient("t", "c");
        assertThat(stats.tls()).isTrue();
        assertThat(stats.tlsVersion()).isEqualTo("TLS1.3");
        assertThat(stats.tlsCipherSuite()).isEqualTo(client.tlsSession().getCipherSuite()).startsWith("TLS_");
        assertThat(stats.tlsNegotiatedProtocol()).isEmpty();
        assertThat(stats.tlsNegotiatedProtocolIsMutual()).isTrue();
        assertThat(stats.finishCount()).isEqualTo(1);
    }

    @Test
    void anIdentifyAskingForTlsWhileNsqdStillBuildsItWaitsForIt() throws Exception {
        // the key comes through a pipe: nsqd's TLS set-up waits on it until the test writes the key
        Path pipe = certs.resolve("key-pipe");
        Files.deleteIfExists(pipe);
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        options.tlsKey = pipe.toString();
        options.httpAddress = "";
        options.httpsAddress = "";
        options.dataPath = dataDir.toString();
        Nsqd starting = new Nsqd(options);
        CompletableFuture<Nsqd> started = CompletableFuture.supplyAsync(() -> {
            try {
                return starting.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            InetSocketAddress tcp = Await.untilNonNull(EVENTUALLY, starting::tcpAddress, "nsqd to listen on TCP");
            NegotiatingWireClient client = new NegotiatingWireClient(tcp);
            negotiating.add(client);
            client.send(out -> Commands.identify(out, TLS_IDENTIFY));
            assertThat(started).as("TLS is not built yet").isNotDone();

            Files.write(pipe, Files.readAllBytes(keyFile));

            assertThat(JSON.readTree(client.readResponse()).get("tls_v1").asBoolean()).isTrue();
            client.tls(trustingCa()).expectOk();
            client.send(out -> Commands.pub(out, "t", utf8("x"))).expectOk();
            assertThat(started.get(10, TimeUnit.SECONDS)).isSameAs(starting);
        } finally {
            starting.close();
        }
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
    void readsPemKeysInEveryFormGoReads(KeyType type, KeyFormat format) throws IOException {
        Identity identity = ca.issueServer(type);
        options.tlsCert = identity.writeCertificate(certs.resolve(type + "-" + format + ".pem")).toString();
        options.tlsKey = identity.writeKey(certs.resolve(type + "-" + format + ".key"), format).toString();

        NegotiatingWireClient client = upgraded(trustingCa());

        assertThat(client.tlsSession().getPeerCertificates()[0]).isEqualTo(identity.certificate());
        client.send(out -> Commands.pub(out, "t", utf8("x"))).expectOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void servesTheVersionsGoAndOpenSslClientsOffer(String version) throws IOException {
        NegotiatingWireClient client = open();
        identify(client, TLS_IDENTIFY);
        client.tls(trustingCa(), socket -> socket.setEnabledProtocols(new String[] {version})).expectOk();
        client.send(out -> Commands.sub(out, "t", "c")).expectOk();

        assertThat(statsOfOnlyClient("t", "c").tlsVersion()).isEqualTo(version.replace("TLSv", "TLS"));
    }

    /** Go 1.19's default suites (crypto/tls) that an ECDSA certificate can serve; OpenSSL offers them too. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "TLSv1.3, TLS_AES_128_GCM_SHA256",
        "TLSv1.3, TLS_AES_256_GCM_SHA384",
        "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"})
    void servesTheCipherSuitesGoClientsOffer(String version, String suite) throws IOException {
        NegotiatingWireClient client = open();
        identify(client, TLS_IDENTIFY);

        client.tls(trustingCa(), socket -> {
            socket.setEnabledProtocols(new String[] {version});
            socket.setEnabledCipherSuites(new String[] {suite});
        }).expectOk();
        client.send(out -> Commands.sub(out, "t", "c")).expectOk();

        assertThat(statsOfOnlyClient("t", "c").tlsCipherSuite()).isEqualTo(suite);
    }

    @Test
    void tlsMinVersionRefusesOlderClients() throws IOException {
        options.tlsMinVersion = "tls1.3";
        NegotiatingWireClient client = open();
        assertThat(identify(client, TLS_IDENTIFY).get("tls_v1").asBoolean()).isTrue();

        assertThatThrownBy(() -> client.tls(trustingCa(), socket -> socket.setEnabledProtocols(new String[] {"TLSv1.2"})))
                .isInstanceOf(SSLException.class);
        assertThat(client.closedByServer()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void compressionGoesOnTopOfTls(String feature) throws IOException {
        NegotiatingWireClient client = open();
        JsonNode response = identify(client,
                "{\"feature_negotiation\":true,\"tls_v1\":true,\"" + feature + "\":true,\"deflate_level\":4}");
        assertThat(response.get("tls_v1").asBoolean()).isTrue();
        assertThat(response.get(feature).asBoolean()).isTrue();

        client.tls(trustingCa()).expectOk(); // the first OK comes over TLS alone
        if (feature.equals("snappy")) {
            client.snappy();
        } else {
            client.deflate(response.get("deflate_level").asInt());
        }
        client.expectOk(); // the second through TLS and the compressed stream
        publishAndConsume(client, "t");

        ClientStats stats = statsOfOnlyClient("t", "c");
        assertThat(stats.tls()).isTrue();
        assertThat(stats.snappy()).isEqualTo(feature.equals("snappy"));
        assertThat(stats.deflate()).isEqualTo(feature.equals("deflate"));
    }

    @Test
    void withoutACertificateTlsIsNotOfferedAndTheConnectionStaysPlain() throws IOException {
        options.tlsCert = "";
        options.tlsKey = "";
        NegotiatingWireClient client = open();

        assertThat(identify(client, TLS_IDENTIFY).get("tls_v1").asBoolean()).isFalse();

        client.send(out -> Commands.sub(out, "t", "c")).expectOk();
        ClientStats stats = statsOfOnlyClient("t", "c");
        assertThat(stats.tls()).isFalse();
        assertThat(stats.tlsVersion()).isEmpty();
    }

    @Test
    void aClientThatDoesNotAskForTlsStaysPlain() throws IOException {
        NegotiatingWireClient client = open();

        assertThat(identify(client, "{\"feature_negotiation\":true}").get("tls_v1").asBoolean()).isFalse();

        client.send(out -> Commands.pub(out, "t", utf8("x"))).expectOk();
    }

    @ParameterizedTest(name = "--tls-required={0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2|PUB t",
        "2|NOP",
        "2|AUTH",
        "2|SUB t c",
        "2|RDY 1",
        "2|FOO",
        "1|MPUB t",
        "1|DPUB t 100",
        "1|CLS"})
    void everyCommandButIdentifyIsRefusedBeforeTheUpgrade(int required, String line) {
        options.tlsRequired = required;
        WireClient client = connect();

        client.send(raw(out -> Commands.line(out, line)));

        assertFatal(client, "E_INVALID cannot " + line.split(" ")[0] + " in current state (TLS required)");
    }

    @Test
    void identifyWithoutFeatureNegotiationIsAnsweredButLeavesTheConnectionRefused() {
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;
        WireClient client = connect();

        client.identify("{\"client_id\":\"plain\"}").expectOk();
        client.pub("t", "x");

        assertFatal(client, "E_INVALID cannot PUB in current state (TLS required)");
    }

    @Test
    void identifyDecliningTlsLeavesTheConnectionRefused() throws IOException {
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;
        NegotiatingWireClient client = open();

        assertThat(identify(client, "{\"feature_negotiation\":true}").get("tls_v1").asBoolean()).isFalse();
        client.send(out -> Commands.pub(out, "t", utf8("x")));

        assertThat(client.readError()).isEqualTo("E_INVALID cannot PUB in current state (TLS required)");
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void afterTheUpgradeARequiredTlsConnectionWorks() throws IOException {
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;
        publishAndConsume(upgraded(trustingCa()), "t");
    }

    @Test
    void aClientThatNeverStartsTheHandshakeIsDisconnected() throws IOException {
        NegotiatingWireClient client = open();
        identify(client, TLS_IDENTIFY);
        long start = System.nanoTime();

        Await.until(java.time.Duration.ofSeconds(8), client::closedByServer, "the handshake deadline to pass");

        assertThat(millisSince(start)).isBetween(4_000L, 8_000L);
    }

    @Test
    void requireAsksForACertificateButDoesNotVerifyIt() throws IOException {
        options.tlsClientAuthPolicy = "require";
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;
        Authority stranger = TestCertificates.authority("unknown CA");
        Identity client = stranger.issueClient("anyone", KeyType.EC);

        upgraded(TestCertificates.clientContext(ca, client)).send(out -> Commands.pub(out, "t", utf8("x")))
                .expectOk();

        NegotiatingWireClient without = open();
        identify(without, TLS_IDENTIFY);
        assertHandshakeRefused(without, trustingCa());
    }

    @Test
    void requireVerifyAcceptsOnlyCertificatesOfTheRootCa() throws IOException {
        options.tlsClientAuthPolicy = "require-verify";
        options.tlsRootCaFile = caFile.toString();
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;

        Identity trusted = ca.issueClient("client1", KeyType.EC);
        upgraded(TestCertificates.clientContext(ca, trusted)).send(out -> Commands.pub(out, "t", utf8("x")))
                .expectOk();

        Identity stranger = TestCertificates.authority("unknown CA").issueClient("client2", KeyType.EC);
        NegotiatingWireClient untrusted = open();
        identify(untrusted, TLS_IDENTIFY);
        assertHandshakeRefused(untrusted, TestCertificates.clientContext(ca, stranger));

        NegotiatingWireClient anonymous = open();
        identify(anonymous, TLS_IDENTIFY);
        assertHandshakeRefused(anonymous, trustingCa());
    }

    /**
     * The server refuses the handshake: under TLS 1.3 a client learns it at the handshake or at its first read,
     * and the connection is closed either way.
     */
    private static void assertHandshakeRefused(NegotiatingWireClient client, SSLContext context) {
        try {
            client.tls(context);
            client.send(out -> Commands.nop(out));
            assertThatThrownBy(client::readFrame).isInstanceOf(IOException.class);
        } catch (IOException | UncheckedIOException refusedAtHandshake) {
            // as expected
        }
        assertThat(client.closedByServer()).isTrue();
    }

    @Test
    void authServersLearnTheClientCertificatesCommonName() throws IOException {
        try (FakeAuthServer auth = new FakeAuthServer()) {
            auth.answer(200, "{\"ttl\":60,\"identity\":\"u\",\"authorizations\":[{\"topic\":\".*\","
                    + "\"channels\":[\".*\"],\"permissions\":[\"publish\"]}]}");
            options.authHttpAddresses = List.of(auth.address());
            options.tlsClientAuthPolicy = "require-verify";
            options.tlsRootCaFile = caFile.toString();
            NegotiatingWireClient client = upgraded(
                    TestCertificates.clientContext(ca, ca.issueClient("client one", KeyType.RSA)));

            client.send(out -> Commands.auth(out, utf8("s3cret"))).readResponse();
            client.send(out -> Commands.pub(out, "t", utf8("x"))).expectOk();

            assertThat(auth.requests.get(0).uri())
                    .isEqualTo("/auth?common_name=client+one&remote_ip=127.0.0.1&secret=s3cret&tls=true");
        }
    }

    @Test
    void startRefusesFilesItCannotUse() {
        NsqdOptions bad = new NsqdOptions();
        bad.tlsCert = certs.resolve("missing.pem").toString();
        bad.tlsKey = keyFile.toString();
        assertThatThrownBy(() -> new Nsqd(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("failed to build TLS config - ").hasMessageContaining("missing.pem");

        NsqdOptions noKey = new NsqdOptions();
        noKey.tcpAddress = "127.0.0.1:0";
        noKey.httpAddress = "";
        noKey.httpsAddress = "";
        noKey.dataPath = dataDir.toString();
        noKey.tlsCert = certFile.toString();
        noKey.tlsKey = certFile.toString(); // a certificate where the key should be: read as nsqd starts
        assertThatThrownBy(() -> new Nsqd(noKey).start()).hasMessageStartingWith("failed to build TLS config - ");

        NsqdOptions required = new NsqdOptions();
        required.tlsRequired = NsqdOptions.TLS_REQUIRED_EXCEPT_HTTP;
        assertThatThrownBy(() -> new Nsqd(required))
                .hasMessage("cannot require TLS client connections without TLS key and cert");
    }
}
