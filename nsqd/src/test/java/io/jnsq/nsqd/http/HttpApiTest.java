package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.Hostname;
import io.jnsq.testwire.Await;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** nsqd's HTTP API end to end: publishing, /ping, /info, routing and connections. */
class HttpApiTest extends HttpApiTestBase {
    // ---- /ping and /info ----

    @Test
    void everyRequestIsLoggedAtInfoInNsqsFormat() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.jnsq.common.http.HttpServerHandler");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level configured = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            assertThat(get("/ping?x=1").statusCode()).isEqualTo(200);
            Await.until(TIMEOUT, () -> !appender.list.isEmpty(), "the request to be logged");
        } finally {
            logger.setLevel(configured);
            logger.detachAppender(appender);
        }
        ILoggingEvent event = appender.list.get(0);
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getFormattedMessage()).matches("200 GET /ping\\?x=1 \\(127\\.0\\.0\\.1:\\d+\\) [0-9.]+(ns|µs|ms|s)");
    }

    @Test
    void pingIsPlainText() throws Exception {
        HttpResponse<String> response = get("/ping");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT);
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
    }

    @Test
    void pingWhenUnhealthy() throws Exception {
        // The only way in from here: a backend write failure sets this, and the disk queue is not written yet.
        Field health = Broker.class.getDeclaredField("health");
        health.setAccessible(true);
        setField(health.get(nsqd.broker()), "error", "disk full");
        HttpResponse<String> response = get("/ping");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("NOK - disk full");
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT);
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
    }

    @Test
    void info() throws Exception {
        HttpResponse<String> response = get("/info");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo("nsq; version=1.0");
        assertThat(response.body()).isEqualTo("{\"version\":\"1.3.0\",\"broadcast_address\":\"broadcast.example\","
                + "\"hostname\":\"" + Hostname.os() + "\",\"http_port\":" + http.getPort()
                + ",\"tcp_port\":" + nsqd.tcpAddress().getPort() + ",\"start_time\":" + nsqd.broker().startTime()
                + ",\"max_heartbeat_interval\":60000000000,\"max_output_buffer_size\":65536,"
                + "\"max_output_buffer_timeout\":30000000000,\"max_deflate_level\":6,"
                + "\"topology_zone\":\"zone-a\",\"topology_region\":\"\"}");
    }

    // ---- /pub ----

    @Test
    void pubReachesTheTopicAndItsChannels() throws Exception {
        assertEmptyOk(post("/topic/create?topic=t", ""));
        assertEmptyOk(post("/channel/create?topic=t&channel=c", ""));
        assertOk(post("/pub?topic=t", "hello"));
        assertOk(post("/pub?topic=t", "x".repeat((int) MAX_MSG)));
        Topic topic = nsqd.broker().existingTopic("t");
        assertThat(topic.messageCount()).isEqualTo(2);
        assertThat(topic.messageBytes()).isEqualTo(5 + MAX_MSG);
        assertThat(topic.existingChannel("c").depth()).isEqualTo(2);
    }

    @Test
    void pubCreatesTheTopic() throws Exception {
        assertOk(post("/pub?topic=fresh", "m"));
        assertThat(nsqd.broker().existingTopic("fresh").messageCount()).isEqualTo(1);
    }

    @Test
    void pubWithDefer() throws Exception {
        post("/topic/create?topic=t", "");
        post("/channel/create?topic=t&channel=c", "");
        assertOk(post("/pub?topic=t&defer=60000", "later"));
        Channel channel = nsqd.broker().existingTopic("t").existingChannel("c");
        assertThat(channel.deferredCount()).isEqualTo(1);
        assertOk(post("/pub?topic=t&defer=0", "now"));
        assertThat(channel.deferredCount()).isEqualTo(1);
        assertThat(channel.messageCount()).isEqualTo(2);
    }

    @Test
    void pubErrors() throws Exception {
        assertError(post("/pub?topic=t", ""), 400, "MSG_EMPTY");
        assertError(post("/pub?topic=t", "x".repeat((int) MAX_MSG + 1)), 413, "MSG_TOO_BIG");
        assertError(post("/pub", "m"), 400, "MISSING_ARG_TOPIC");
        assertError(post("/pub?topic=", "m"), 400, "INVALID_TOPIC");
        assertError(post("/pub?topic=bad!", "m"), 400, "INVALID_TOPIC");
        assertError(post("/pub?topic=" + "a".repeat(65), "m"), 400, "INVALID_TOPIC");
        assertError(post("/pub?topic=t;x", "m"), 400, "INVALID_REQUEST");
        try (RawHttp raw = raw()) {
            RawHttp.Response response = raw.send("POST /pub?topic=%zz HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nm")
                    .read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"message\":\"INVALID_REQUEST\"}");
        }
        assertError(post("/pub?topic=t&defer=abc", "m"), 400, "INVALID_DEFER");
        assertError(post("/pub?topic=t&defer=-1", "m"), 400, "INVALID_DEFER");
        assertError(post("/pub?topic=t&defer=3600001", "m"), 400, "INVALID_DEFER");
        assertError(post("/pub?topic=t&defer=", "m"), 400, "INVALID_DEFER");
        assertOk(post("/pub?topic=t&defer=3600000", "m"));
    }

    @Test
    void pubCheckOrder() throws Exception {
        // body before query: no topic and an empty body is MSG_EMPTY, a bad query with a big body MSG_TOO_BIG
        assertError(post("/pub", ""), 400, "MSG_EMPTY");
        assertError(post("/pub?topic=t;x", "x".repeat(101)), 413, "MSG_TOO_BIG");
        assertError(post("/pub?topic=bad!&defer=x", "m"), 400, "INVALID_TOPIC");
        // the topic is created before defer is looked at
        assertError(post("/pub?topic=made&defer=x", "m"), 400, "INVALID_DEFER");
        assertThat(nsqd.broker().existingTopic("made")).isNotNull();
        assertThat(nsqd.broker().existingTopic("made").messageCount()).isZero();
    }

    @Test
    void pubToAnExitingTopic() throws Exception {
        post("/topic/create?topic=t", "");
        setField(nsqd.broker().existingTopic("t"), "exiting", true);
        assertError(post("/pub?topic=t", "m"), 503, "EXITING");
        assertError(post("/mpub?topic=t", "m"), 503, "EXITING");
    }

    @Test
    void pubDeclaringTooLongABodyIsRefusedBeforeItIsSent() throws Exception {
        try (RawHttp raw = raw()) {
            RawHttp.Response response = raw.send("POST /pub?topic=t HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n")
                    .read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"message\":\"MSG_TOO_BIG\"}");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(nsqd.broker().existingTopic("t")).isNull();
    }

    @Test
    void pubChunkedBodyOverTheLimit() throws Exception {
        try (RawHttp raw = raw()) {
            raw.send("POST /pub?topic=t HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "64\r\n" + "x".repeat(100) + "\r\n");
            raw.send("1\r\ny\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"message\":\"MSG_TOO_BIG\"}");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = raw()) {
            raw.send("POST /pub?topic=t HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "64\r\n" + "x".repeat(100) + "\r\n0\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("OK");
        }
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isEqualTo(1);
    }

    // ---- /mpub ----

    @Test
    void mpubTextMode() throws Exception {
        assertOk(post("/mpub?topic=t", "one\ntwo\n\nthree\r\n"));
        Topic topic = nsqd.broker().existingTopic("t");
        assertThat(topic.messageCount()).isEqualTo(3);
        assertThat(topic.messageBytes()).isEqualTo(3 + 3 + 6);
        assertOk(post("/mpub?topic=t&binary=false", "four"));
        assertOk(post("/mpub?topic=t&binary=0", "five\n"));
        assertThat(topic.messageCount()).isEqualTo(5);
    }

    @Test
    void mpubEmptyBodyPublishesNothing() throws Exception {
        assertOk(post("/mpub?topic=t", ""));
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isZero();
    }

    @Test
    void mpubTextErrors() throws Exception {
        assertError(post("/mpub?topic=t", "ok\n" + "x".repeat((int) MAX_MSG + 1)), 413, "MSG_TOO_BIG");
        assertError(post("/mpub?topic=t", "x".repeat((int) MAX_BODY + 1)), 413, "BODY_TOO_BIG");
        assertError(post("/mpub", "m"), 400, "MISSING_ARG_TOPIC");
        assertError(post("/mpub?topic=bad!", "m"), 400, "INVALID_TOPIC");
        assertError(post("/mpub?topic=t&x=a;b", "m"), 400, "INVALID_REQUEST");
        // the topic exists (created before the body was read) but nothing was published
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isZero();
    }

    @Test
    void mpubCheckOrder() throws Exception {
        // declared length first, even before the topic parameter
        assertError(post("/mpub", "x".repeat((int) MAX_BODY + 1)), 413, "BODY_TOO_BIG");
        assertThat(nsqd.broker().topics()).isEmpty();
        // the topic before the body
        assertError(post("/mpub?topic=bad!", "x".repeat((int) MAX_MSG + 1)), 400, "INVALID_TOPIC");
    }

    @Test
    void mpubChunkedTextOverTheBodyLimit() throws Exception {
        try (RawHttp raw = raw()) {
            String lines = "x\n".repeat(250);
            raw.send("POST /mpub?topic=t HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + (Integer.toHexString(lines.length()) + "\r\n" + lines + "\r\n").repeat(3));
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"message\":\"BODY_TOO_BIG\"}");
        }
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isZero();
    }

    @Test
    void mpubBinaryMode() throws Exception {
        assertOk(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(3, 1, 2, 3)));
        assertOk(post("/mpub?topic=t&binary=1", MpubReaderTest.binary(1, 10)));
        // any other value is binary too (deprecated)
        assertOk(post("/mpub?topic=t&binary=yes", MpubReaderTest.binary(1, 4)));
        assertOk(post("/mpub?topic=t&binary", MpubReaderTest.binary(1, 4)));
        Topic topic = nsqd.broker().existingTopic("t");
        assertThat(topic.messageCount()).isEqualTo(6);
        assertThat(topic.messageBytes()).isEqualTo(1 + 2 + 3 + 10 + 4 + 4);
    }

    @Test
    void mpubBinaryErrors() throws Exception {
        assertError(post("/mpub?topic=t&binary=true", new byte[2]), 413, "BAD_BODY");
        assertError(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(0)), 413, "BAD_BODY");
        assertError(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(200, 1)), 413, "BAD_BODY");
        assertError(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(2, 1)), 413, "BAD_MESSAGE");
        assertError(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(1, 0)), 413, "BAD_MESSAGE");
        assertError(post("/mpub?topic=t&binary=true", MpubReaderTest.binary(1, (int) MAX_MSG + 1)), 413,
                "BAD_MESSAGE");
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isZero();
    }

    // ---- routing ----

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertError(get("/nope"), 404, "NOT_FOUND");
        assertError(post("/put?topic=t", "m"), 404, "NOT_FOUND");
        assertError(post("/create_topic?topic=t", ""), 404, "NOT_FOUND");
        assertError(get("/pub/"), 404, "NOT_FOUND");
    }

    @Test
    void preOneZeroAliasesAreNotFound() throws Exception {
        // removed in NSQ 1.0: v1.3.0 answers them 404, as any unknown path
        for (String alias : new String[] {"/put", "/mput", "/create_topic", "/delete_topic", "/empty_topic",
                "/pause_topic", "/unpause_topic", "/create_channel", "/delete_channel", "/empty_channel",
                "/pause_channel", "/unpause_channel"}) {
            assertError(get(alias + "?topic=t&channel=c"), 404, "NOT_FOUND");
            assertError(post(alias + "?topic=t&channel=c", "m"), 404, "NOT_FOUND");
        }
        assertThat(nsqd.broker().topics()).isEmpty();
    }

    @Test
    void adminAndConfigRoutesFollowTheRoutingConventions() throws Exception {
        for (String path : new String[] {"/topic/delete", "/topic/empty", "/topic/pause", "/topic/unpause",
                "/channel/delete", "/channel/empty", "/channel/pause", "/channel/unpause"}) {
            HttpResponse<String> response = get(path + "?topic=t&channel=c");
            assertError(response, 405, "METHOD_NOT_ALLOWED");
            assertThat(header(response, "Allow")).isEqualTo("POST, OPTIONS");
            response = send("OPTIONS", path, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "Allow")).isEqualTo("POST, OPTIONS");
            response = post(path + "/?topic=t&channel=c", "");
            assertThat(response.statusCode()).isEqualTo(307);
            assertThat(header(response, "Location")).isEqualTo(path + "?topic=t&channel=c");
        }
        HttpResponse<String> response = post("/config/log_level", "debug");
        assertError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(header(response, "Allow")).isEqualTo("GET, PUT, OPTIONS");
        assertThat(header(send("OPTIONS", "/config/anything", null), "Allow")).isEqualTo("GET, PUT, OPTIONS");
        response = get("/config/log_level/");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(header(response, "Location")).isEqualTo("/config/log_level");
        response = send("PUT", "/config/log_level/", "debug".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(nsqd.logLevel()).isEqualTo("info");
        assertError(get("/config/"), 404, "NOT_FOUND");
        assertThat(nsqd.broker().topics()).isEmpty();
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = get("/pub?topic=t");
        assertError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(header(response, "Allow")).isEqualTo("POST, OPTIONS");
        response = post("/ping", "");
        assertError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(header(response, "Allow")).isEqualTo("GET, OPTIONS");
        assertThat(nsqd.broker().topics()).isEmpty();
    }

    @Test
    void headIsNotRouted() throws Exception {
        try (RawHttp raw = raw()) {
            RawHttp.Response response = raw.send("HEAD /ping HTTP/1.1\r\nHost: h\r\n\r\n").readHead();
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET, OPTIONS");
            // nothing but headers came back: the next response follows at once
            assertThat(raw.send("GET /ping HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("OK");
        }
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        HttpResponse<String> response = send("OPTIONS", "/mpub", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Allow")).isEqualTo("POST, OPTIONS");
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
        assertError(send("OPTIONS", "/nope", null), 404, "NOT_FOUND");
    }

    @Test
    void trailingSlashRedirects() throws Exception {
        HttpResponse<String> response = get("/ping/");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(header(response, "Location")).isEqualTo("/ping");
        response = post("/pub/?topic=t", "m");
        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(header(response, "Location")).isEqualTo("/pub?topic=t");
        assertThat(nsqd.broker().topics()).isEmpty();
        response = post("/Topic/Create?topic=t", "");
        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(header(response, "Location")).isEqualTo("/topic/create?topic=t");
    }

    @Test
    void wireHeadersAreSpelledAsGoSpellsThem() throws Exception {
        try (RawHttp raw = raw()) {
            RawHttp.Response response = raw.send("POST /pub?topic=t HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nm")
                    .read();
            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(response.headerNames())
                    .contains("Content-Type", "Content-Length", "Date", "X-Nsq-Content-Type");
            assertThat(response.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
    }

    // ---- connections ----

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawHttp raw = raw()) {
            assertThat(raw.send("GET /ping HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("OK");
            RawHttp.Response pub = raw.send("POST /pub?topic=t HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi")
                    .read();
            assertThat(pub.status()).isEqualTo(200);
            assertThat(pub.body()).isEqualTo("OK");
            RawHttp.Response last = raw.send("GET /nope HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read();
            assertThat(last.status()).isEqualTo(404);
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isEqualTo(1);
    }

    @Test
    void keepAliveWithHttpClient() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertOk(post("/pub?topic=t", "m" + i));
        }
        assertThat(nsqd.broker().existingTopic("t").messageCount()).isEqualTo(5);
    }

    @Test
    void nsqTcpClientOnTheHttpPortGetsGoCanned400() throws Exception {
        try (RawHttp raw = raw()) {
            raw.send("  V2IDENTIFY\n\u0000\u0000\u0000\u0002{}");
            assertThat(raw.readToEnd()).isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request");
        }
        // the magic alone is enough to be answered
        try (RawHttp raw = raw()) {
            assertThat(raw.send("  V2").readToEnd()).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
        // a request line of two words, which Netty alone would skip
        try (RawHttp raw = raw()) {
            assertThat(raw.send("GET /ping\r\nHost: h\r\n\r\n").readToEnd())
                    .isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                            + "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request");
        }
    }

    @Test
    void closingNsqdClosesConnections() throws Exception {
        try (RawHttp raw = raw()) {
            assertThat(raw.send("GET /ping HTTP/1.1\r\nHost: h\r\n\r\n").read().status()).isEqualTo(200);
            nsqd.close();
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
