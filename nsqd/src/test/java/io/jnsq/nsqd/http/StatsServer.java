package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** An nsqd on 127.0.0.1:0 for /stats tests, with an HTTP client and raw V2 clients closed with it. */
final class StatsServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final ObjectMapper MAPPER = new ObjectMapper();

    final Nsqd nsqd;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final List<WireClient> clients = new ArrayList<>();

    StatsServer(Path dataPath, Consumer<NsqdOptions> configure) {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataPath.toString();
        configure.accept(options);
        try {
            nsqd = new Nsqd(options).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A V2 connection, identified so that /stats shows these names. */
    WireClient connect(String clientId, String hostname, String userAgent) {
        WireClient client = WireClient.connect(nsqd.tcpAddress(), TIMEOUT);
        clients.add(client);
        return client.identify("{\"client_id\":\"" + clientId + "\",\"hostname\":\"" + hostname
                + "\",\"user_agent\":\"" + userAgent + "\"}").expectOk();
    }

    HttpResponse<String> send(String method, String pathAndQuery) {
        return sendWithBody(method, pathAndQuery, "");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    HttpResponse<String> sendWithBody(String method, String pathAndQuery, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + pathAndQuery))
                .timeout(TIMEOUT)
                .method(method, BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send("GET", pathAndQuery);
    }

    /** GET a JSON /stats, checking NSQ's V1 headers. */
    JsonNode json(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("X-NSQ-Content-Type")).hasValue("nsq; version=1.0");
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /**
     * The structure of {@code expected} key by key: the same keys in the same order, the same JSON types (a
     * number where NSQ has a number, {@code null} where it has {@code null}, {@code []} where it has
     * {@code []}), arrays of the same length compared element by element. Values are not compared.
     */
    static void assertSameShape(JsonNode expected, JsonNode actual, String path) {
        assertThat(actual.getNodeType()).as("JSON type at %s", path).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            assertThat(fieldNames(actual)).as("keys at %s", path).containsExactlyElementsOf(fieldNames(expected));
            for (String name : fieldNames(expected)) {
                assertSameShape(expected.get(name), actual.get(name), path + "." + name);
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("length of %s", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameShape(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        }
    }

    @Override
    public void close() {
        clients.forEach(WireClient::close);
        nsqd.close();
    }
}
