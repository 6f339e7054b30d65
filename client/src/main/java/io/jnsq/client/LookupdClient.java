package io.jnsq.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jnsq.httpclient.GoHttpClient;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Asks nsqlookupd which nsqd have a topic: {@code GET /lookup?topic=}, as go-nsq's consumer does. */
final class LookupdClient {
    private static final JsonFactory JSON = new JsonFactory();

    private static final Map<String, String> HEADERS = Map.of("Accept", "application/vnd.nsq; version=1.0");

    private final GoHttpClient http;

    LookupdClient(Config config) {
        this.http = new GoHttpClient(config.dialTimeout(), config.lookupdPollTimeout(), null, true);
    }

    /** The lookup URL for an address given as go-nsq takes it: {@code host:port}, or a URL with a path. */
    static URI lookupUri(String lookupdHttpAddress, String topic) {
        String base = lookupdHttpAddress.contains("://") ? lookupdHttpAddress : "http://" + lookupdHttpAddress;
        URI uri = URI.create(base);
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? "/lookup" : uri.getPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?topic="
                + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    /** The TCP addresses (broadcast address and TCP port) of the nsqd that have {@code topic}; does not block. */
    CompletableFuture<List<HostPort>> lookup(String lookupdHttpAddress, String topic) {
        URI uri = lookupUri(lookupdHttpAddress, topic);
        return http.sendAsync("GET", uri.toString(), HEADERS, null).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            throw new CompletionException(new NsqException(cause.getMessage(), cause));
        }).thenApply(response -> {
            try {
                if (response.status() != 200) {
                    throw new IOException("got response " + response.status() + " "
                            + new String(response.body(), StandardCharsets.UTF_8).trim() + " querying " + uri);
                }
                return producers(response.body());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The producers of a {@code /lookup} answer, in NSQ 1.x's shape or the older one wrapped in {@code data}. */
    static List<HostPort> producers(byte[] body) throws IOException {
        List<HostPort> found = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("lookup answer is not a JSON object");
            }
            readObject(p, found);
        }
        return found;
    }

    private static void readObject(JsonParser p, List<HostPort> found) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("producers") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    found.add(producer(p));
                }
            } else if (field.equals("data") && value == JsonToken.START_OBJECT) {
                readObject(p, found);
            } else {
                p.skipChildren(); // a no-op for a scalar
            }
        }
    }

    private static HostPort producer(JsonParser p) throws IOException {
        String address = null;
        int port = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "broadcast_address" -> address = p.getText();
                case "tcp_port" -> port = p.getIntValue();
                default -> p.skipChildren(); // a no-op for a scalar
            }
        }
        if (address == null || port < 0) {
            throw new IOException("lookup answer has a producer without broadcast_address or tcp_port");
        }
        return new HostPort(address, port);
    }
}
