package io.jnsq.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP pipeline without sockets: bytes in, bytes out. */
class HttpServerHandlerTest {
    private static final String CANNED_400 =
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                    + "400 Bad Request";

    private final CompletableFuture<Object> outer = new CompletableFuture<>();
    private final CompletableFuture<Object> inner = new CompletableFuture<>();
    private final Router router = new Router()
            .handle(HttpMethod.GET, "/later", ResponseFormat.PLAIN_TEXT, request -> outer)
            .handle(HttpMethod.GET, "/ping", ResponseFormat.PLAIN_TEXT, request -> "OK")
            .handle(HttpMethod.POST, "/echo", ResponseFormat.V1, 10, request -> {
                if (request.contentLength() > 10) {
                    throw new HttpException(413, "TOO_BIG");
                }
                return request.body().length + ":" + new String(request.body(), StandardCharsets.UTF_8);
            })
            .handle(HttpMethod.POST, "/ignore", ResponseFormat.V1, request -> request.body().length + "")
            .handle(HttpMethod.GET, "/boom", ResponseFormat.V1, request -> {
                throw new IllegalStateException("boom");
            })
            .handle(HttpMethod.GET, "/nothing", ResponseFormat.PLAIN_TEXT, request -> null)
            .handle(HttpMethod.GET, "/config/:opt", ResponseFormat.V1, request -> Map.of("opt", request.param("opt")))
            .handle(HttpMethod.GET, "/query", ResponseFormat.V1, request -> request.query().get("a"));

    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new RequestDecoder(), new HttpResponseEncoder(), new HttpServerHandler(router));
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String output() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void anAsynchronousResultThatIsItselfAsynchronousIsAnsweredWithTheInnerValue() {
        send("GET /later HTTP/1.1\r\nHost: h\r\n\r\n");
        outer.complete(inner);
        channel.runPendingTasks();
        assertThat(output()).isEmpty();

        inner.complete("done");
        channel.runPendingTasks();
        String response = output();
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(body(response)).isEqualTo("done");
    }

    @Test
    void aRequestSplitAtEveryByteIsDecoded() {
        String request = "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        for (char c : request.toCharArray()) {
            send(String.valueOf(c));
        }
        String response = output();
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(body(response)).isEqualTo("5:hello");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aNonHttpStreamGetsGoCanned400AndIsClosed() {
        send("  V2");
        assertThat(output()).isEqualTo(CANNED_400);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBadLineAfterAGoodRequestOnTheSameConnection() {
        send("GET /ping HTTP/1.1\r\nHost: h\r\n\r\nGET /ping\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nOK" + CANNED_400);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void badHeadersAndMissingHostAreRefusedTheSameWay() {
        send("GET /ping HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n");
        assertThat(output()).isEqualTo(CANNED_400);

        setUp();
        send("GET /ping HTTP/1.1\r\n\r\n");
        assertThat(output()).isEqualTo("HTTP/1.1 400 Bad Request: missing required Host header\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                + "400 Bad Request: missing required Host header");

        setUp();
        send("GET /ping HTTP/1.0\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void anotherMajorVersionIs505() {
        send("GET /ping HTTP/2.0\r\n");
        assertThat(output()).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                + "505 HTTP Version Not Supported: unsupported protocol version");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        send("GET /config/a HTTP/1.1\r\nHost: h\r\n\r\nGET /config/b HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = output();
        assertThat(out.indexOf("{\"opt\":\"a\"}")).isPositive().isLessThan(out.indexOf("{\"opt\":\"b\"}"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHandlerExceptionIsInternalError() {
        send("GET /boom HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                .contains("X-Nsq-Content-Type: nsq; version=1.0\r\n")
                .endsWith("{\"message\":\"INTERNAL_ERROR\"}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void plainTextWithNothingToSayIsInternalError() {
        send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 500 ").endsWith("{\"message\":\"INTERNAL_ERROR\"}");
    }

    @Test
    void aBadQueryIsInvalidRequest() {
        send("GET /query?a=%zz HTTP/1.1\r\nHost: h\r\n\r\nGET /query?a=%41 HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("{\"message\":\"INVALID_REQUEST\"}")
                .endsWith("\r\n\r\nA");
    }

    @Test
    void rawUtf8InTheTargetIsUtf8() {
        send("GET /query?a=\u00c3\u00a9 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n\u00c3\u00a9");
        send("GET /p\u00c3\u00a9 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 404 Not Found\r\n");
    }

    @Test
    void headGetsHeadersOnly() {
        send("HEAD /ping HTTP/1.1\r\nHost: h\r\n\r\nGET /ping HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, OPTIONS\r\n");
        // no body after the 405's headers: the next thing is the GET's response
        assertThat(out.substring(out.indexOf("\r\n\r\n") + 4)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("OK");
    }

    @Test
    void bodyUpToTheLimitPlusOneByte() {
        send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
        assertThat(body(output())).isEqualTo("10:0123456789");
        send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n");
        assertThat(output()).isEmpty();
        send("6\r\n678901\r\n");
        String out = output();
        assertThat(out).contains("Connection: close\r\n");
        assertThat(body(out)).isEqualTo("11:01234567890");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsAnsweredAtOnceAndClosed() {
        send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").contains("Connection: close\r\n")
                .endsWith("{\"message\":\"TOO_BIG\"}");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRouteWithoutBodyDropsIt() {
        send("POST /ignore HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(body(output())).isEqualTo("0");
    }

    @Test
    void unroutedRequestsWaitForTheirBody() {
        send("POST /nope HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab");
        assertThat(output()).isEmpty();
        send("cGET /ping HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 404 Not Found\r\n").endsWith("OK");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void expectContinue() {
        send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        send("hi");
        assertThat(body(output())).isEqualTo("2:hi");

        send("POST /nope HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 404 Not Found\r\n").contains("Connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void keepAliveFollowsTheRequest() {
        send("GET /ping HTTP/1.0\r\n\r\n");
        String out = output();
        assertThat(out).doesNotContain("Connection:");
        assertThat(channel.isOpen()).isFalse();

        setUp();
        send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(output()).contains("Connection: keep-alive\r\n");
        assertThat(channel.isOpen()).isTrue();

        send("GET /ping HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(output()).contains("Connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void redirectKeepsTheQuery() {
        send("POST /echo/?a=1&b=%C3 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 307 Temporary Redirect\r\n").contains("Location: /echo?a=1&b=%C3\r\n")
                .contains("Content-Length: 0\r\n");
        send("GET /ping/?x=<y> HTTP/1.1\r\nHost: h\r\n\r\n");
        out = output();
        assertThat(out).startsWith("HTTP/1.1 301 Moved Permanently\r\n").contains("Location: /ping?x=<y>\r\n")
                .contains("Content-Type: text/html; charset=utf-8\r\n")
                .endsWith("<a href=\"/ping?x=&lt;y&gt;\">Moved Permanently</a>.\n\n");
    }
}
