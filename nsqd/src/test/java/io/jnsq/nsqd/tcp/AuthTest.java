package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.auth.FakeAuthServer;
import io.jnsq.protocol.Commands;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestCertificates.Authority;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.jnsq.testwire.TestCertificates;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AUTH against auth servers (nsqd.md §2.7 AUTH and CheckAuth, §9.7): a fake auth server in the test answers as
 * it is told and records what nsqd asked.
 */
class AuthTest extends ProtocolV2TestBase {
    private static final String ALLOW_ALL = reply(3600, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
            + "\"permissions\":[\"subscribe\",\"publish\"]}]");

    private final FakeAuthServer authServer = new FakeAuthServer();

    @AfterEach
    void stopAuthServer() {
        authServer.close();
    }

    private static String reply(int ttl, String authorizations) {
        return "{\"ttl\":" + ttl + ",\"identity\":\"user1\",\"identity_url\":\"http://example/u/1\","
                + "\"authorizations\":" + authorizations + "}";
    }

    /** A connection to an nsqd whose only auth server is the fake. */
    private WireClient connectWithAuth() {
        options.authHttpAddresses = List.of(authServer.address());
        return connect();
    }

    private WireClient authed(String reply) {
        authServer.answer(200, reply);
        WireClient client = connectWithAuth().auth("good");
        assertThat(client.readResponse()).startsWith("{\"identity\":\"user1\"");
        return client;
    }

    @Test
    void identifyReportsAuthRequired() {
        authServer.answer(200, ALLOW_ALL);

        WireClient client = connectWithAuth().identify("{\"feature_negotiation\":true}");

        assertThat(client.readResponse()).contains("\"auth_required\":true");
    }

    @Test
    void allowedSecretIsAnsweredWithIdentityAndGrantCount() {
        authServer.answer(200, ALLOW_ALL);

        WireClient client = connectWithAuth().auth("good");

        assertThat(client.readResponse())
                .isEqualTo("{\"identity\":\"user1\",\"identity_url\":\"http://example/u/1\",\"permission_count\":1}");
        client.pub("t", "x").expectOk();
        client.sub("t", "c").expectOk();
    }

    @Test
    void getRequestCarriesNsqsSortedParameters() {
        authed(ALLOW_ALL);

        FakeAuthServer.Request request = authServer.requests.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri()).isEqualTo("/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false");
        assertThat(request.accept()).isEqualTo("application/vnd.nsq; version=1.0");
    }

    @Test
    void aServerRequiringTlsIsAskedAgainOnItsHttpsPort(@TempDir Path certs) {
        Authority ca = TestCertificates.authority("auth CA");
        try (FakeAuthServer https = new FakeAuthServer(TestCertificates.serverContext(ca.issueServer(KeyType.EC)))) {
            https.answer(200, ALLOW_ALL);
            // what nsqd itself answers on plain HTTP under --tls-required
            authServer.answer(403, "{\"message\": \"TLS_REQUIRED\", \"https_port\": " + https.port() + "}");
            options.tlsRootCaFile = ca.writeCertificate(certs.resolve("ca.pem")).toString();

            WireClient client = connectWithAuth().auth("good");

            assertThat(client.readResponse()).startsWith("{\"identity\":\"user1\"");
            assertThat(https.requests).singleElement().extracting(FakeAuthServer.Request::uri)
                    .isEqualTo("/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false");
        }
    }

    @Test
    void aPlain403IsAFailure() {
        authServer.answer(403, "{\"message\":\"NO\"}");

        assertFatal(connectWithAuth().auth("good"), "E_AUTH_FAILED AUTH failed");
    }

    @Test
    void secretIsQueryEscapedAsGoDoes() {
        authServer.answer(200, ALLOW_ALL);
        WireClient client = connectWithAuth().auth("a b&c~*=");
        client.readResponse();

        assertThat(authServer.requests.get(0).uri()).contains("&secret=a+b%26c~%2A%3D&");
    }

    @Test
    void postSendsTheParametersAsJsonArrays() {
        options.authHttpRequestMethod = "post";
        authed(ALLOW_ALL);

        FakeAuthServer.Request request = authServer.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/auth");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body())
                .isEqualTo("{\"common_name\":[\"\"],\"remote_ip\":[\"127.0.0.1\"],\"secret\":[\"good\"],\"tls\":[\"false\"]}");
    }

    @Test
    void fullUrlAddressIsUsedVerbatim() {
        authServer.answer(200, ALLOW_ALL);
        options.authHttpAddresses = List.of("http://" + authServer.address() + "/custom/path");
        WireClient client = connect().auth("good");

        client.readResponse();

        assertThat(authServer.requests.get(0).uri()).startsWith("/custom/path?common_name=");
    }

    @Test
    void deniedSecretFails() {
        authServer.answer(403, "{\"message\":\"denied\"}");

        WireClient client = connectWithAuth().auth("bad");

        assertFatal(client, "E_AUTH_FAILED AUTH failed");
    }

    static Stream<String> unacceptableReplies() {
        return Stream.of(
                "not json",
                reply(0, "[{\"topic\":\".*\",\"channels\":[\".*\"],\"permissions\":[\"publish\"]}]"),
                reply(-5, "[]"),
                "{\"ttl\":1.5,\"authorizations\":[]}",
                reply(60, "[{\"topic\":\".*\",\"channels\":[\".*\"],\"permissions\":[\"admin\"]}]"),
                reply(60, "[{\"topic\":\"(\",\"channels\":[\".*\"],\"permissions\":[\"publish\"]}]"),
                reply(60, "[{\"topic\":\".*\",\"channels\":[\"[\"],\"permissions\":[\"publish\"]}]"));
    }

    @ParameterizedTest
    @MethodSource
    void unacceptableReplies(String reply) {
        authServer.answer(200, reply);

        WireClient client = connectWithAuth().auth("good");

        assertFatal(client, "E_AUTH_FAILED AUTH failed");
    }

    @Test
    void serverErrorFails() {
        authServer.answer(500, "boom");

        assertFatal(connectWithAuth().auth("good"), "E_AUTH_FAILED AUTH failed");
    }

    @Test
    void unreachableServerFails() {
        options.authHttpAddresses = List.of(closedPort());

        assertFatal(connect().auth("good"), "E_AUTH_FAILED AUTH failed");
    }

    @Test
    void anUnreachableServerIsSkippedForAnother() {
        authServer.answer(200, ALLOW_ALL);
        options.authHttpAddresses = List.of(closedPort(), authServer.address(), closedPort());

        // the rotation starts at a random server: every connection must find the one that answers
        for (int i = 0; i < 6; i++) {
            WireClient client = connect().auth("good");
            assertThat(client.readResponse()).startsWith("{\"identity\"");
            client.close();
        }
        assertThat(authServer.requests).hasSize(6);
    }

    @Test
    void noAuthorizationsIsUnauthorized() {
        authServer.answer(200, reply(60, "[]"));

        assertFatal(connectWithAuth().auth("good"), "E_UNAUTHORIZED AUTH no authorizations found");
    }

    @Test
    void secondAuthIsRefused() {
        WireClient client = authed(ALLOW_ALL);

        client.auth("again");

        assertFatal(client, "E_INVALID AUTH already set");
    }

    static Stream<String> commandsNeedingAuth() {
        return Stream.of("PUB", "MPUB", "DPUB", "SUB");
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAuth")
    void commandBeforeAuthIsRefused(String command) {
        authServer.answer(200, ALLOW_ALL);
        WireClient client = connectWithAuth();

        send(client, command, "t");

        assertFatal(client, "E_AUTH_FIRST AUTH required before " + command);
        assertThat(authServer.requests).isEmpty();
    }

    @Test
    void commandsNeedNoAuthWhenAuthIsDisabled() {
        WireClient client = connect();

        client.pub("t", "x").expectOk();
        client.sub("t", "c").expectOk();
    }

    @ParameterizedTest
    @MethodSource("commandsNeedingAuth")
    void commandOnAnotherTopicIsUnauthorized(String command) {
        WireClient client = authed(reply(3600, "[{\"topic\":\"^allowed$\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"subscribe\",\"publish\"]}]"));

        send(client, command, "other");

        String channel = command.equals("SUB") ? "c" : "";
        assertFatal(client, "E_UNAUTHORIZED AUTH failed for " + command + " on \"other\" \"" + channel + "\"");
    }

    @Test
    void topicRegexIsAnUnanchoredSearch() {
        WireClient client = authed(reply(3600, "[{\"topic\":\"llo\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));

        client.pub("allowed", "x").expectOk();
    }

    @Test
    void channelRegexesChooseTheChannels() {
        String grants = reply(3600, "[{\"topic\":\".*\",\"channels\":[\"^ch1$\",\"^ch2$\"],"
                + "\"permissions\":[\"subscribe\"]}]");
        authed(grants).sub("t", "ch2").expectOk();

        WireClient other = authed(grants).sub("t", "ch3");

        assertFatal(other, "E_UNAUTHORIZED AUTH failed for SUB on \"t\" \"ch3\"");
    }

    @Test
    void subscribeGrantDoesNotAllowPublish() {
        WireClient client = authed(reply(3600, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"subscribe\"]}]"));

        client.pub("t", "x");

        assertFatal(client, "E_UNAUTHORIZED AUTH failed for PUB on \"t\" \"\"");
    }

    @Test
    void publishGrantWithoutChannelsDeniesPublish() {
        // As NSQ: a publish is checked against the empty channel name, which no regex of an empty list matches.
        WireClient client = authed(reply(3600, "[{\"topic\":\".*\",\"channels\":[],"
                + "\"permissions\":[\"publish\"]}]"));

        client.pub("auth_pub", "x");

        assertFatal(client, "E_UNAUTHORIZED AUTH failed for PUB on \"auth_pub\" \"\"");
    }

    @Test
    void expiredAnswerIsRenewedBeforeTheNextCheckedCommand() {
        WireClient client = authed(reply(1, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));
        client.pub("t", "x").expectOk();
        assertThat(authServer.requests).hasSize(1);

        // publishes go on until one finds the one-second answer expired and asks the server again
        Await.until(EVENTUALLY, () -> {
            client.pub("t", "x").expectOk();
            return authServer.requests.size() == 2;
        }, "the expired answer to be renewed");

        assertThat(authServer.requests.get(1).uri()).contains("secret=good");
        client.nop().pub("t", "x").expectOk();
        assertThat(authServer.requests).hasSize(2);
    }

    @Test
    void mpubWaitsForTheRenewalBeforeItsBody() {
        // MPUB is checked before its body is read: the body is read once the auth server has answered
        WireClient client = authed(reply(1, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));

        Await.until(EVENTUALLY, () -> {
            client.mpub("t", List.of(utf8("a"), utf8("b"))).expectOk();
            return authServer.requests.size() == 2;
        }, "the expired answer to be renewed");

        client.mpub("t", List.of(utf8("c"))).expectOk();
    }

    @Test
    void renewalThatFailsEndsTheConnection() {
        WireClient client = authed(reply(1, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));
        authServer.answer(500, "down");

        assertThat(publishUntilRefused(client)).isEqualTo("E_AUTH_FAILED AUTH failed");
        client.assertClosed(CLOSE_WITHIN);
        assertThat(authServer.requests).hasSize(2);
    }

    @Test
    void renewalCanTakeAGrantAway() {
        WireClient client = authed(reply(1, "[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));
        authServer.answer(200, reply(60, "[{\"topic\":\"^only$\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]"));

        assertThat(publishUntilRefused(client)).isEqualTo("E_UNAUTHORIZED AUTH failed for PUB on \"t\" \"\"");
        client.assertClosed(CLOSE_WITHIN);
    }

    /** Publishes one message at a time until one is not answered OK (after the one-second TTL); returns that answer. */
    private static String publishUntilRefused(WireClient client) {
        String[] refusal = new String[1];
        Await.until(EVENTUALLY, () -> {
            client.pub("t", "x");
            String frame = client.readFrameSkippingHeartbeats().text();
            refusal[0] = frame;
            return !frame.equals("OK");
        }, "a publish to be refused");
        return refusal[0];
    }

    @Test
    void commandsSentBehindAuthAreAnsweredInOrder() {
        authServer.answer(200, ALLOW_ALL);
        WireClient client = connectWithAuth();

        client.send(raw(out -> {
            Commands.auth(out, utf8("good"));
            Commands.pub(out, "t", utf8("x"));
            Commands.line(out, "NOP");
            Commands.pub(out, "t", utf8("y"));
        }));

        assertThat(client.readResponse()).startsWith("{\"identity\"");
        client.expectOk().expectOk();
        assertThat(topic("t").messageCount()).isEqualTo(2);
    }

    @Test
    void authIsAnsweredWhenTheClientStoppedSendingMeanwhile() throws IOException {
        authServer.answer(200, ALLOW_ALL);
        WireClient client = connectWithAuth().auth("good");

        client.socket().shutdownOutput();

        assertThat(client.readResponse()).startsWith("{\"identity\"");
        client.assertClosed(CLOSE_WITHIN);
    }

    @Test
    void identityIsShownInStats() {
        WireClient client = authed(ALLOW_ALL);
        client.sub("t", "c").expectOk();

        ClientStats stats = nsqd().broker().stats("t", "c", true).topics().get(0).channels().get(0).clients().get(0);

        assertThat(stats.authed()).isTrue();
        assertThat(stats.authIdentity()).isEqualTo("user1");
        assertThat(stats.authIdentityUrl()).isEqualTo("http://example/u/1");
    }

    @Test
    void identityIsShownInHttpStats() throws Exception {
        options.httpAddress = "127.0.0.1:0";
        authed(ALLOW_ALL).sub("t", "c").expectOk();
        URI uri = URI.create("http://127.0.0.1:" + nsqd().httpAddress().getPort()
                + "/stats?format=json&include_clients=true");

        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains(
                "\"authed\":true,\"auth_identity\":\"user1\",\"auth_identity_url\":\"http://example/u/1\"");
    }

    private static void send(WireClient client, String command, String topic) {
        switch (command) {
            case "PUB" -> client.pub(topic, "x");
            case "MPUB" -> client.mpub(topic, List.of(utf8("x")));
            case "DPUB" -> client.dpub(topic, 10, "x");
            case "SUB" -> client.sub(topic, "c");
            default -> throw new IllegalArgumentException(command);
        }
    }

    private static String closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
