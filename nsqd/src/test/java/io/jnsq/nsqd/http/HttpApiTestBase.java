package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nsqd on 127.0.0.1:0 with a temp data dir, one per test, spoken to with java.net.http and raw sockets
 * (every request and read has a timeout), and assertions for NSQ's response shapes.
 */
@Timeout(30)
abstract class HttpApiTestBase {
    static final long MAX_MSG = 100;
    static final long MAX_BODY = 1000;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String NSQ_V1 = "nsq; version=1.0";

    @TempDir
    Path dataPath;

    Nsqd nsqd;
    HttpClient client;
    InetSocketAddress http;

    @BeforeEach
    void start() throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        options.maxMsgSize = MAX_MSG;
        options.maxBodySize = MAX_BODY;
        options.broadcastAddress = "broadcast.example";
        options.topologyZone = "zone-a";
        configure(options);
        nsqd = new Nsqd(options).start();
        http = nsqd.httpAddress();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** More options for a test class, before nsqd starts. */
    void configure(NsqdOptions options) {
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    /** A request to this nsqd, with the test timeout; {@code body} {@code null} for none. */
    HttpRequest.Builder request(String method, String pathAndQuery, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort() + pathAndQuery))
                .timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        return send(request(method, pathAndQuery, body));
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null);
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, body);
    }

    HttpResponse<String> put(String pathAndQuery, String body) throws IOException, InterruptedException {
        return send("PUT", pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    static void assertOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT);
        assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo(NSQ_V1);
    }

    static void assertEmptyOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "Content-Length")).isEqualTo("0");
        assertThat(header(response, "Content-Type")).isNull();
        assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo(NSQ_V1);
    }

    /** A V1 JSON answer: {@code 200} with the JSON text. */
    static void assertJson(HttpResponse<String> response, String json) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(json);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo(NSQ_V1);
    }

    static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"message\":\"" + message + "\"}");
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo(NSQ_V1);
    }

    /** A plain-text answer (no X-NSQ-Content-Type), as /ping and the debug routes give. */
    static void assertText(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT);
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
    }

    static void setField(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    RawHttp raw() throws IOException {
        return new RawHttp(http);
    }
}
