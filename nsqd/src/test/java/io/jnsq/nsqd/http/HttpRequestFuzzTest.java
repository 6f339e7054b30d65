package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.FuzzNsqd;
import io.jnsq.nsqd.FuzzNsqdProperties;
import io.jnsq.testwire.fuzz.FuzzTries;
import io.jnsq.testwire.fuzz.Mutations;
import io.jnsq.testwire.fuzz.RawExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * nsqd's HTTP port over loopback against valid, damaged and random requests to the publishing and admin routes
 * (query strings with escapes, {@code /pub} and {@code /mpub} bodies, text and {@code binary=true}), sent in pieces
 * and then ended (nsqd.md §3; no HEAD, whose responses carry no body to read): whole HTTP responses only, no
 * status nsqd would not send (no 500 from a handler that failed), JSON errors with one of NSQ's messages, a close
 * instead of a hang, no error logged, and nsqd still answers afterwards. {@code -Djnsq.fuzz.tries=N} runs it
 * longer.
 */
@AddLifecycleHook(FuzzTries.class)
class HttpRequestFuzzTest extends FuzzNsqdProperties {
    private static final Set<Integer> STATUSES = Set.of(200, 301, 307, 400, 404, 405, 411, 413, 431, 501, 503, 505);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [^\\r\\n]*");
    @Property(tries = 200)
    void anyRequestGetsWholeResponsesOfNsqs(@ForAll("requests") byte[] input,
            @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 300) Integer> cuts) throws IOException {
        RawExchange.Answer answer = RawExchange.exchange(nsqd.httpAddress(), input,
                cuts.stream().mapToInt(Integer::intValue).toArray(), FuzzNsqd.LIMIT);

        assertThat(answer.closed()).as("nsqd closes the connection once the input ended").isTrue();
        for (Response response : parse(answer.bytes())) {
            assertThat(response.status()).as(response.toString()).isIn(STATUSES);
            if (response.status() >= 400 && response.body().startsWith("{")) {
                assertThat(response.body()).matches("\\{\"message\":\"[A-Z_]+\"}");
            }
        }
        assertThat(nsqd.takeErrors()).isEmpty();
        byte[] ping = "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(RawExchange.exchange(nsqd.httpAddress(), ping, new int[0], FuzzNsqd.LIMIT).bytes()))
                .extracting(Response::body).containsExactly("OK");
    }

    /** A client that sends its requests and shuts down its sending side still gets every answer, as from Go. */
    @Property(tries = 50)
    void everyValidRequestIsAnswered(@ForAll("validRequests") List<byte[]> requests) throws IOException {
        RawExchange.Answer answer = RawExchange.exchange(nsqd.httpAddress(), concat(requests), new int[0],
                FuzzNsqd.LIMIT);

        assertThat(parse(answer.bytes())).hasSize(requests.size());
    }

    /**
     * HTTP/1.1 requests, perhaps ended by an HTTP/1.0 one: Go closes the connection after answering a 1.0
     * request, so one can only come last.
     */
    @Provide
    Arbitrary<List<byte[]>> validRequests() {
        return Combinators.combine(request(true).list().ofMinSize(1).ofMaxSize(3),
                request(false).list().ofMaxSize(1)).as((keptAlive, last) -> {
                    List<byte[]> all = new ArrayList<>(keptAlive);
                    all.addAll(last);
                    return all;
                });
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return Mutations.validMutatedOrRandom(validRequests().map(HttpRequestFuzzTest::concat), 300);
    }

    private static byte[] concat(List<byte[]> requests) {
        ByteBuffer all = ByteBuffer.allocate(requests.stream().mapToInt(r -> r.length).sum());
        requests.forEach(all::put);
        return all.array();
    }

    /**
     * An HTTP/1.1 request, chunked or not, or an HTTP/1.0 one with a Content-Length (Go ignores
     * Transfer-Encoding in 1.0; see docs/compatibility.md).
     */
    private static Arbitrary<byte[]> request(boolean http11) {
        Arbitrary<String> route = Arbitraries.of("POST /pub", "POST /mpub", "POST /topic/create",
                "POST /topic/delete", "POST /topic/empty", "POST /topic/pause", "POST /channel/create",
                "POST /channel/delete", "POST /channel/unpause", "GET /stats", "GET /info", "GET /ping",
                "GET /config/mem_queue_size", "PUT /config/log_level", "OPTIONS /pub", "GET /pub/");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("fz", "fz#ephemeral", "c", "", "true", "false",
                "1", "0", "-1", "3600001", "text", "%zz", "%41", "a+b", "x%2", "%E2%82%AC", "t;x"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(6));
        Arbitrary<String> param = Combinators.combine(Arbitraries.of("topic", "channel", "binary", "defer",
                "format", "include_clients"), value).as((k, v) -> k + "=" + v);
        Arbitrary<String> query = param.list().ofMaxSize(4).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&",
                ps));
        Arbitrary<byte[]> body = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.strings().withChars("ab\n\r").ofMaxLength(30).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(3)
                        .map(HttpRequestFuzzTest::binaryMpub));
        String v = http11 ? "HTTP/1.1" : "HTTP/1.0";
        return Combinators.combine(route, query, body, http11 ? Arbitraries.of(true, false) : Arbitraries.just(false))
                .as((r, q, b, chunked) -> {
                    // a chunk of size 0 ends a chunked body, so an empty body is that last chunk alone
                    String head = r + q + " " + v + "\r\nHost: x\r\n" + (!chunked
                            ? "Content-Length: " + b.length + "\r\n\r\n"
                            : "Transfer-Encoding: chunked\r\n\r\n"
                                    + (b.length == 0 ? "" : Integer.toHexString(b.length) + "\r\n"));
                    String tail = !chunked ? "" : b.length == 0 ? "0\r\n\r\n" : "\r\n0\r\n\r\n";
                    ByteBuffer out = ByteBuffer.allocate(head.length() + b.length + tail.length());
                    out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(b)
                            .put(tail.getBytes(StandardCharsets.ISO_8859_1));
                    return out.array();
                });
    }

    private static byte[] binaryMpub(List<byte[]> messages) {
        ByteBuffer out = ByteBuffer.allocate(4 + messages.stream().mapToInt(m -> 4 + m.length).sum());
        out.putInt(messages.size());
        messages.forEach(m -> out.putInt(m.length).put(m));
        return out.array();
    }

    record Response(int status, String headers, String body) {
    }

    /** Cuts the bytes into responses; a body is read by Content-Length, or to the end when there is none. */
    private static List<Response> parse(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < all.length()) {
            int headEnd = all.indexOf("\r\n\r\n", at);
            assertThat(headEnd).as("end of the response head in %s", all.substring(at)).isPositive();
            String head = all.substring(at, headEnd);
            Matcher status = STATUS_LINE.matcher(head.split("\r\n", 2)[0]);
            assertThat(status.matches()).as("status line of %s", head).isTrue();
            int bodyStart = headEnd + 4;
            int bodyEnd = Arrays.stream(head.split("\r\n"))
                    .filter(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15))
                    .mapToInt(h -> bodyStart + Integer.parseInt(h.substring(15).trim()))
                    .findFirst().orElse(all.length());
            assertThat(bodyEnd).as("body of %s", head).isLessThanOrEqualTo(all.length());
            responses.add(new Response(Integer.parseInt(status.group(1)), head, all.substring(bodyStart, bodyEnd)));
            at = bodyEnd;
        }
        return responses;
    }
}
