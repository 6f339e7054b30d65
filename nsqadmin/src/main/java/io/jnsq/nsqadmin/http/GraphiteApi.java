package io.jnsq.nsqadmin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.http.Payload;
import io.jnsq.common.http.Request;
import io.jnsq.common.json.Json;
import io.jnsq.nsqadmin.Nsqadmin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graphite: {@code /api/graphite}, a topic's message rate over the last statsd interval, worked out from graphite as
 * the UI's rate cells do; and, with {@code --proxy-graphite}, {@code /render} passed through to graphite so that
 * browsers need not reach it (with the basic-auth credentials of the graphite URL).
 */
final class GraphiteApi {
    private static final Logger log = LoggerFactory.getLogger(GraphiteApi.class);

    private final Nsqadmin admin;
    private final HttpClient proxy;

    GraphiteApi(Nsqadmin admin) {
        this.admin = admin;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(admin.options().httpClientConnectTimeout);
        if (admin.upstreamTls() != null) {
            builder.sslContext(admin.upstreamTls());
        }
        this.proxy = builder.build();
    }

    /** {@code metric=rate&target=<graphite target>}: {@code {"rate":"2.00"}} per second, or {@code N/A}. */
    Object doGraphite(Request request) throws HttpException {
        String metric = request.query().get("metric");
        if (!"rate".equals(metric)) {
            throw new HttpException(400, "INVALID_ARG_METRIC");
        }
        String target = request.query().get("target");
        if (target == null) {
            throw new HttpException(400, "INVALID_ARG_TARGET");
        }
        long interval = admin.options().statsdInterval.toSeconds();
        // Go's url.Values.Encode: keys sorted
        String url = admin.options().graphiteUrl + "/render?format=json&from=-" + (interval * 2) + "sec&target="
                + NsqHttpClient.queryEscape(target) + "&until=-" + interval + "sec";
        CompletableFuture<byte[]> answer = admin.httpClient().get(url);
        return answer.handle((body, error) -> {
            if (error != null) {
                log.error("graphite request failed - {}", error.getMessage());
                throw new CompletionException(new HttpException(500, "INTERNAL_ERROR"));
            }
            return Map.of("rate", rate(body, interval));
        });
    }

    /**
     * The first datapoint over the interval, formatted {@code %.2f}; a negative one is {@code N/A}, and so (where NSQ
     * fails with a 500) is an answer without any datapoint.
     */
    static String rate(byte[] body, long intervalSeconds) {
        JsonNode value;
        try {
            value = Json.mapper().readTree(body).path(0).path("datapoints").path(0).path(0);
        } catch (IOException e) {
            throw new CompletionException(new HttpException(500, "INTERNAL_ERROR"));
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            return "N/A";
        }
        return String.format(Locale.ROOT, "%.2f", value.asDouble() / intervalSeconds);
    }

    /** {@code GET /render?...}: graphite's answer as it is, status and content type included. */
    Object doRender(Request request) {
        URI graphite = URI.create(admin.options().graphiteUrl);
        String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        String base = graphite.getScheme() + "://" + graphite.getRawAuthority().replaceFirst("^[^@]*@", "")
                + (graphite.getRawPath() == null ? "" : graphite.getRawPath());
        HttpRequest.Builder upstream = HttpRequest.newBuilder(URI.create(base + "/render" + query))
                .timeout(admin.options().httpClientRequestTimeout).GET();
        if (graphite.getRawUserInfo() != null) {
            upstream.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    graphite.getUserInfo().getBytes(StandardCharsets.UTF_8)));
        }
        return proxy.sendAsync(upstream.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                log.error("graphite proxy failed - {}", error.getMessage());
                throw new CompletionException(new HttpException(502, "BAD_GATEWAY"));
            }
            if (response.statusCode() != 200) {
                throw new CompletionException(new HttpException(response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8)));
            }
            String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            return new Payload(type, null, response.body());
        });
    }
}
