package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /stats with 1,000 subscribed consumers: it must list them all. The time it takes is printed (median of a few
 * requests after a warm-up) rather than asserted, so that a slow CI machine does not fail the build.
 */
@Timeout(120)
class StatsManyConsumersTest {
    private static final int CONSUMERS = 1000;
    private static final int RUNS = 7;

    @TempDir
    Path dataPath;
    private StatsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void statsListsAThousandConsumers() {
        server = new StatsServer(dataPath, o -> { });
        for (int i = 0; i < CONSUMERS; i++) {
            WireClient consumer = server.connect("c" + i, "consumer-" + i + ".local", "many-consumers-test/1.0");
            consumer.sub("many", "ch").expectOk();
        }
        server.connect("p", "producer.local", "many-consumers-test/1.0").pub("many", "x").expectOk();

        HttpResponse<String> json = timed("json", () -> server.get("/stats?format=json"));
        timed("json over a raw socket", () -> rawGet("/stats?format=json"));
        timed("text", () -> server.get("/stats"));
        timed("json without clients", () -> server.get("/stats?format=json&include_clients=false"));
        timed("in process: model (Nsqd.stats)", () -> server.nsqd.broker().stats("", "", true));
        timed("in process: model and JSON", () -> encode(new StatsJson("OK", 0, server.nsqd.broker().stats("", "", true), null)));
        timed("in process: model and text", () -> StatsText.format("OK", false, 0, server.nsqd.broker().uptime(),
                server.nsqd.broker().stats("", "", true), null, ZoneOffset.UTC, System.currentTimeMillis()));

        JsonNode channel = StatsServer.parse(json.body()).get("topics").get(0).get("channels").get(0);
        assertThat(channel.get("client_count").asInt()).isEqualTo(CONSUMERS);
        assertThat(channel.get("clients")).hasSize(CONSUMERS);
        assertThat(channel.get("clients").findValuesAsText("client_id")).doesNotHaveDuplicates();
        assertThat(server.get("/stats").body().lines().filter(l -> l.startsWith("        [V2 consumer-")))
                .hasSize(CONSUMERS);
    }

    /** A GET on a plain socket: the server's time plus loopback, without java.net.http's own overhead. */
    private String rawGet(String pathAndQuery) {
        try (RawHttp raw = new RawHttp(server.nsqd.httpAddress())) {
            return raw.send("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\n\r\n").read().body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(StatsJson json) {
        try {
            return StatsServer.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code request} once to warm up, then {@value #RUNS} times, and prints the median and the range. */
    private static <T> T timed(String what, Supplier<T> request) {
        T result = request.get();
        long[] micros = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            result = request.get();
            micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        }
        Arrays.sort(micros);
        int bytes = result instanceof HttpResponse<?> response ? ((String) response.body()).length()
                : result instanceof byte[] encoded ? encoded.length : result instanceof String text ? text.length() : -1;
        System.out.printf("/stats with %d consumers, %s: median %.2f ms (min %.2f, max %.2f)%s%n", CONSUMERS, what,
                micros[RUNS / 2] / 1000.0, micros[0] / 1000.0, micros[RUNS - 1] / 1000.0,
                bytes < 0 ? "" : ", " + bytes + " bytes");
        return result;
    }
}
