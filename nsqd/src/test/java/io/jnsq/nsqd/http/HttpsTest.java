package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.TestCertificates.Authority;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.jnsq.testwire.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS listener on --https-address, and plain HTTP under --tls-required (§3.1). */
@Timeout(30)
class HttpsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path certs;
    static Authority ca;
    static NsqdOptions tlsOptions;

    @TempDir
    Path dataPath;
    private Nsqd nsqd;

    @BeforeAll
    static void issueCertificates() {
        ca = TestCertificates.authority("jnsq test CA");
        Identity server = ca.issueServer(KeyType.RSA);
        tlsOptions = new NsqdOptions();
        tlsOptions.tlsCert = server.writeCertificate(certs.resolve("server.pem")).toString();
        tlsOptions.tlsKey = server.writeKey(certs.resolve("server.key"), KeyFormat.TRADITIONAL).toString();
        tlsOptions.tlsRootCaFile = ca.writeCertificate(certs.resolve("ca.pem")).toString();
    }

    @AfterEach
    void stop() {
        if (nsqd != null) {
            nsqd.close();
        }
    }

    private Nsqd start(int tlsRequired, String clientAuthPolicy) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.httpsAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        options.tlsCert = tlsOptions.tlsCert;
        options.tlsKey = tlsOptions.tlsKey;
        options.tlsRootCaFile = tlsOptions.tlsRootCaFile;
        options.tlsRequired = tlsRequired;
        options.tlsClientAuthPolicy = clientAuthPolicy;
        nsqd = new Nsqd(options).start();
        return nsqd;
    }

    private static HttpResponse<String> send(SSLContext tls, String method, URI uri, String body)
            throws IOException, InterruptedException {
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT);
        if (tls != null) {
            client.sslContext(tls);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        return client.build().send(request, BodyHandlers.ofString());
    }

    private URI https(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + nsqd.httpsAddress().getPort() + pathAndQuery);
    }

    private URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + pathAndQuery);
    }

    @Test
    void httpsServesTheSameApi() throws Exception {
        start(0, "");
        SSLContext tls = TestCertificates.clientContext(ca, null);

        assertThat(send(tls, "GET", https("/ping"), null).body()).isEqualTo("OK");
        assertThat(send(tls, "POST", https("/pub?topic=over_https"), "hi").body()).isEqualTo("OK");
        assertThat(send(tls, "GET", https("/stats?format=json&topic=over_https"), null).body())
                .contains("\"topic_name\":\"over_https\"", "\"message_count\":1");
        // and plain HTTP stays open
        assertThat(send(null, "GET", http("/ping"), null).body()).isEqualTo("OK");
    }

    @Test
    void plainHttpAnswersTlsRequiredWhenTlsIsRequired() throws Exception {
        start(2, "");
        int httpsPort = nsqd.httpsAddress().getPort();

        for (String[] request : new String[][] {{"GET", "/ping"}, {"POST", "/pub?topic=refused"},
                {"GET", "/nowhere"}, {"DELETE", "/stats"}}) {
            HttpResponse<String> response = send(null, request[0], http(request[1]), "x");
            assertThat(response.statusCode()).as(request[1]).isEqualTo(403);
            assertThat(response.body()).isEqualTo("{\"message\": \"TLS_REQUIRED\", \"https_port\": " + httpsPort + "}");
            assertThat(response.headers().firstValue("X-NSQ-Content-Type")).hasValue("nsq; version=1.0");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        }
        assertThat(nsqd.broker().existingTopic("refused")).isNull();

        assertThat(send(TestCertificates.clientContext(ca, null), "GET", https("/ping"), null).body())
                .isEqualTo("OK");
    }

    @Test
    void tcpHttpsKeepsPlainHttpOpen() throws Exception {
        start(1, "");

        HttpResponse<String> response = send(null, "GET", http("/ping"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
    }

    @Test
    void httpsAsksForClientCertificatesAsTheTcpUpgradeDoes() throws Exception {
        start(2, "require-verify");

        Identity client = ca.issueClient("http client", KeyType.EC);
        assertThat(send(TestCertificates.clientContext(ca, client), "GET", https("/ping"), null).body())
                .isEqualTo("OK");
        assertThatThrownBy(() -> send(TestCertificates.clientContext(ca, null), "GET", https("/ping"), null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void withoutACertificateThereIsNoHttpsListener() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.httpsAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        nsqd = new Nsqd(options).start();

        assertThat(nsqd.httpsAddress()).isNull();
    }
}
