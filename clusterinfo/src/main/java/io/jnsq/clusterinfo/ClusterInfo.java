package io.jnsq.apps.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.protocol.GoQuote;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What NSQ's tools ask of the cluster, as NSQ's {@code clusterinfo} asks it: the topics nsqlookupd knows (nsq_to_file),
 * the nsqd that have a topic (from nsqlookupd's {@code /lookup}, or each nsqd's {@code /stats} and {@code /info}),
 * and one channel's stats summed over them (nsq_stat). Every address is queried at once; a failure of any of them is
 * an error, as both tools treat NSQ's partial errors (nsq_stat as fatal, nsq_to_file by skipping that refresh). Only
 * fields NSQ 1.x's daemons write are read.
 */
public final class ClusterInfo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;

    public ClusterInfo(Duration connectTimeout, Duration requestTimeout) {
        // HTTP/1.1 as Go's client speaks it to NSQ's daemons: no h2c upgrade headers on every request
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** NSQ's {@code GetLookupdTopics}: every topic any nsqlookupd knows, once each, in the order first seen. */
    public List<String> lookupdTopics(List<String> lookupdHttpAddresses) throws Exception {
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (String address : lookupdHttpAddresses) {
            answers.add(getV1("http://" + address + "/topics"));
        }
        List<String> topics = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (CompletableFuture<JsonNode> answer : answers) {
            JsonNode body = await(answer, errors);
            if (body == null) {
                continue;
            }
            for (JsonNode topic : body.path("topics")) {
                if (!topics.contains(topic.asText())) {
                    topics.add(topic.asText());
                }
            }
        }
        check(errors, lookupdHttpAddresses.size(), "nsqlookupd");
        return topics;
    }

    /** NSQ's {@code GetLookupdTopicProducers}: every nsqd an nsqlookupd knows for the topic, once each. */
    public List<String> lookupdTopicProducers(String topic, List<String> lookupdHttpAddresses) throws Exception {
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (String address : lookupdHttpAddresses) {
            answers.add(getV1("http://" + address + "/lookup?topic=" + escape(topic)));
        }
        List<String> producers = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (CompletableFuture<JsonNode> answer : answers) {
            JsonNode body = await(answer, errors);
            if (body == null) {
                continue;
            }
            for (JsonNode producer : body.path("producers")) {
                String httpAddress = joinHostPort(producer.path("broadcast_address").asText(),
                        producer.path("http_port").asInt());
                if (!producers.contains(httpAddress)) {
                    producers.add(httpAddress);
                }
            }
        }
        check(errors, lookupdHttpAddresses.size(), "nsqlookupd");
        return producers;
    }

    /**
     * NSQ's {@code GetNSQDTopicProducers}: the nsqd whose {@code /stats} lists the topic, each named by the
     * broadcast address and HTTP port its {@code /info} gives (the address queried when it gives none).
     */
    public List<String> nsqdTopicProducers(String topic, List<String> nsqdHttpAddresses) throws Exception {
        List<CompletableFuture<JsonNode>> stats = new ArrayList<>();
        for (String address : nsqdHttpAddresses) {
            stats.add(getV1("http://" + address + "/stats?format=json&topic=" + escape(topic)
                    + "&include_clients=false"));
        }
        List<String> errors = new ArrayList<>();
        List<String> having = new ArrayList<>();
        List<CompletableFuture<JsonNode>> infos = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            JsonNode body = await(stats.get(i), errors);
            if (body != null && !body.path("topics").isEmpty()) {
                having.add(nsqdHttpAddresses.get(i));
                infos.add(getV1("http://" + nsqdHttpAddresses.get(i) + "/info"));
            }
        }
        List<String> producers = new ArrayList<>();
        for (int i = 0; i < having.size(); i++) {
            JsonNode info = await(infos.get(i), errors);
            if (info == null) {
                continue;
            }
            String broadcastAddress = info.path("broadcast_address").asText("");
            int httpPort = info.path("http_port").asInt();
            if (broadcastAddress.isEmpty()) {
                producers.add(having.get(i)); // an older nsqd: the address queried
            } else {
                producers.add(joinHostPort(broadcastAddress, httpPort));
            }
        }
        check(errors, nsqdHttpAddresses.size(), "nsqd");
        return producers;
    }

    /**
     * NSQ's {@code GetNSQDStats} for one topic and channel: the channels of that name summed over the producers.
     *
     * @return the totals by channel name (only the asked-for channel, when nsqd filters as NSQ's does)
     */
    public Map<String, ChannelTotals> channelStats(List<String> producers, String topic, String channel) throws Exception {
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (String producer : producers) {
            answers.add(getV1("http://" + producer + "/stats?format=json&include_clients=false&topic="
                    + escape(topic) + "&channel=" + escape(channel)));
        }
        Map<String, ChannelTotals> totals = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (CompletableFuture<JsonNode> answer : answers) {
            JsonNode body = await(answer, errors);
            if (body == null) {
                continue;
            }
            for (JsonNode t : body.path("topics")) {
                if (!t.path("topic_name").asText().equals(topic)) {
                    continue;
                }
                for (JsonNode c : t.path("channels")) {
                    long depth = c.path("depth").asLong();
                    long backendDepth = c.path("backend_depth").asLong();
                    ChannelTotals one = new ChannelTotals(depth, depth - backendDepth, backendDepth,
                            c.path("in_flight_count").asLong(), c.path("deferred_count").asLong(),
                            c.path("requeue_count").asLong(), c.path("timeout_count").asLong(),
                            c.path("message_count").asLong(), c.path("client_count").asLong());
                    totals.merge(c.path("channel_name").asText(), one, ChannelTotals::plus);
                }
            }
        }
        check(errors, producers.size(), "nsqd");
        return totals;
    }

    /**
     * NSQ's errors: none answering is {@code Failed to query any <daemon>: <errors>} (so is having no producer at
     * all to ask); some not answering is the list of their errors, one a line.
     */
    private static void check(List<String> errors, int queried, String daemon) throws IOException {
        if (errors.size() == queried) {
            throw new IOException("Failed to query any " + daemon + ": " + String.join("\n", errors));
        }
        if (!errors.isEmpty()) {
            throw new IOException(String.join("\n", errors));
        }
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer, List<String> errors)
            throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            errors.add(e.getCause().getMessage());
            return null;
        }
    }

    /** NSQ's {@code http_api.Client.GETV1}: NSQ's v1 content type asked for, anything but 200 an error. */
    private CompletableFuture<JsonNode> getV1(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                    .header("Accept", "application/vnd.nsq; version=1.0").GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IOException("parse \"" + url + "\": " + e.getMessage(), e));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                // as Go's net/http words it; the JDK leaves a refused connection without a message
                String reason = cause instanceof ConnectException ? "connection refused"
                        : cause instanceof HttpTimeoutException ? "context deadline exceeded"
                        + " (Client.Timeout exceeded while awaiting headers)"
                        : cause.getMessage() != null ? cause.getMessage() : cause.toString();
                throw new CompletionException(new IOException("Get \"" + url + "\": " + reason, cause));
            }
            if (response.statusCode() != 200) {
                throw new CompletionException(new IOException("got response " + status(response.statusCode())
                        + " " + GoQuote.quote(new String(response.body(), StandardCharsets.ISO_8859_1))));
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Go's {@code resp.Status}: the code and its text. */
    static String status(int code) {
        String text = switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return text.isEmpty() ? Integer.toString(code) : code + " " + text;
    }

    /** Go's {@code url.QueryEscape}, for the names NSQ allows. */
    private static String escape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Go's {@code net.JoinHostPort}. */
    static String joinHostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
