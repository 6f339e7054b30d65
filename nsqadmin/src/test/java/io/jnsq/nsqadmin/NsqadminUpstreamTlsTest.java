package io.jnsq.nsqadmin;

import static io.jnsq.nsqadmin.NsqadminLookupdTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.TestCertificates;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** nsqadmin's own HTTPS requests (here to graphite) with the {@code --http-client-tls-*} flags. */
@Timeout(60)
class NsqadminUpstreamTlsTest {
    private static final String DATAPOINTS = "[{\"target\":\"x\",\"datapoints\":[[60.0,1700000000]]}]";

    @TempDir
    Path dir;

    private final TestCertificates.Authority authority = TestCertificates.authority("graphite CA");
    private Nsqadmin admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
    }

    private AdminHttp start(FakeHttpEndpoint graphite, Consumer<NsqadminOptions> configure) throws Exception {
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
        options.graphiteUrl = "https://" + graphite.address();
        configure.accept(options);
        admin = new Nsqadmin(options).start();
        return new AdminHttp(admin);
    }

    private FakeHttpEndpoint httpsGraphite() {
        return new FakeHttpEndpoint(TestCertificates.serverContext(
                authority.issueServer(TestCertificates.KeyType.RSA)), 200, "application/json", DATAPOINTS);
    }

    @Test
    void theRootCaFileIsTrusted() throws Exception {
        Path ca = authority.writeCertificate(dir.resolve("ca.pem"));
        try (FakeHttpEndpoint graphite = httpsGraphite()) {
            AdminHttp http = start(graphite, o -> o.httpClientTlsRootCaFile = ca.toString());

            assertThat(http.json("/api/graphite?metric=rate&target=x").path("rate").asText()).isEqualTo("1.00");
        }
    }

    @Test
    void anUnknownAuthorityIsRefusedUnlessVerificationIsSkipped() throws Exception {
        try (FakeHttpEndpoint graphite = httpsGraphite()) {
            AdminHttp http = start(graphite, o -> { });
            assertError(http.get("/api/graphite?metric=rate&target=x"), 500, "INTERNAL_ERROR");
        }
        admin.close();
        try (FakeHttpEndpoint graphite = httpsGraphite()) {
            AdminHttp http = start(graphite, o -> o.httpClientTlsInsecureSkipVerify = true);

            assertThat(http.json("/api/graphite?metric=rate&target=x").path("rate").asText()).isEqualTo("1.00");
        }
    }

    @Test
    void aClientCertificateIsLoadedFromItsPemFiles() throws Exception {
        TestCertificates.Identity client = authority.issueClient("nsqadmin", TestCertificates.KeyType.RSA);
        Path cert = client.writeCertificate(dir.resolve("client.pem"));
        Path key = client.writeKey(dir.resolve("client.key"), TestCertificates.KeyFormat.PKCS8);
        try (FakeHttpEndpoint graphite = httpsGraphite()) {
            AdminHttp http = start(graphite, o -> {
                o.httpClientTlsInsecureSkipVerify = true;
                o.httpClientTlsCert = cert.toString();
                o.httpClientTlsKey = key.toString();
            });

            assertThat(http.json("/api/graphite?metric=rate&target=x").path("rate").asText()).isEqualTo("1.00");
        }
    }
}
