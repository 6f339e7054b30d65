package io.jnsq.nsqadmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.testwire.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Requests to an nsqadmin under test, answers as JSON. */
final class AdminHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String address;

    AdminHttp(Nsqadmin admin) {
        this.address = "127.0.0.1:" + admin.httpAddress().getPort();
    }

    String address() {
        return address;
    }

    HttpResponse<String> get(String path) {
        return TestHttp.get(address, path);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return TestHttp.send(request);
    }

    /** A GET that must answer 200, as JSON. */
    JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object's keys, in order. */
    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }
}
