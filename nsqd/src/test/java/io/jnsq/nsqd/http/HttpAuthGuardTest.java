package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.auth.FakeAuthServer;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beyond NSQ (nsqio/nsq #1183): --http-auth-required puts HTTP publish and admin routes behind the auth servers. */
class HttpAuthGuardTest extends HttpApiTestBase {
    private static final String PUBLISH_T = grants("[{\"topic\":\"^t$\",\"channels\":[\".*\"],"
            + "\"permissions\":[\"publish\"]}]");
    private static final String SUBSCRIBE_T_C = grants("[{\"topic\":\"^t$\",\"channels\":[\"^c$\"],"
            + "\"permissions\":[\"subscribe\"]}]");
    private static final String EVERYTHING = grants("[{\"topic\":\".*\",\"channels\":[\".*\"],"
            + "\"permissions\":[\"subscribe\",\"publish\"]}]");

    private FakeAuthServer auth;

    private static String grants(String authorizations) {
        return "{\"ttl\":3600,\"identity\":\"u\",\"authorizations\":" + authorizations + "}";
    }

    @Override
    void configure(NsqdOptions options) {
        auth = new FakeAuthServer();
        auth.answer(200, PUBLISH_T);
        options.authHttpAddresses = List.of(auth.address());
        options.httpAuthRequired = true;
    }

    @AfterEach
    void stopAuthServer() {
        auth.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(method, pathAndQuery,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private long messageCount(String topic) {
        Topic t = nsqd.broker().existingTopic(topic);
        return t == null ? 0 : t.messageCount();
    }

    @Test
    void publishWithoutASecretIsRefusedAndNothingIsAsked() throws Exception {
        assertError(send("POST", "/pub?topic=t", "x", null), 401, "AUTH_REQUIRED");
        assertError(send("POST", "/mpub?topic=t", "x\ny", "Basic dTpw"), 401, "AUTH_REQUIRED");
        assertError(send("POST", "/pub?topic=t", "x", "Bearer "), 401, "AUTH_REQUIRED");

        assertThat(nsqd.broker().existingTopic("t")).isNull();
        assertThat(auth.requests).isEmpty();
    }

    @Test
    void anAcceptedSecretPublishesAndTheAuthServerSeesTheHttpClient() throws Exception {
        assertOk(send("POST", "/pub?topic=t", "x", "Bearer s3cret"));
        assertOk(send("POST", "/mpub?topic=t", "y\nz", "bearer s3cret"));

        assertThat(messageCount("t")).isEqualTo(3);
        assertThat(auth.requests).singleElement().extracting(FakeAuthServer.Request::uri)
                .isEqualTo("/auth?common_name=&remote_ip=127.0.0.1&secret=s3cret&tls=false");
    }

    @Test
    void aTopicOutsideTheGrantsIsUnauthorized() throws Exception {
        assertError(send("POST", "/pub?topic=other", "x", "Bearer s3cret"), 403, "UNAUTHORIZED");
        assertThat(nsqd.broker().existingTopic("other")).isNull();
    }

    @Test
    void aSecretWithoutGrantsIsUnauthorized() throws Exception {
        auth.answer(200, grants("[]"));
        assertError(send("POST", "/pub?topic=t", "x", "Bearer s3cret"), 403, "UNAUTHORIZED");
    }

    @Test
    void anAuthServerThatRefusesOrFailsIsAuthFailedAndAskedAgainNextTime() throws Exception {
        auth.answer(403, "{}");
        assertError(send("POST", "/pub?topic=t", "x", "Bearer s3cret"), 401, "AUTH_FAILED");
        auth.answer(200, "not json");
        assertError(send("POST", "/pub?topic=t", "x", "Bearer s3cret"), 401, "AUTH_FAILED");

        auth.answer(200, PUBLISH_T);
        assertOk(send("POST", "/pub?topic=t", "x", "Bearer s3cret"));
        assertThat(auth.requests).hasSize(3);
    }

    @Test
    void anAnswerIsReusedForItsTtlAndAskedAgainAfter() throws Exception {
        auth.answer(200, PUBLISH_T.replace("\"ttl\":3600", "\"ttl\":1"));
        assertOk(send("POST", "/pub?topic=t", "x", "Bearer s3cret"));
        assertOk(send("POST", "/pub?topic=t", "x", "Bearer s3cret"));
        assertThat(auth.requests).hasSize(1);

        Await.until(Duration.ofSeconds(5), () -> {
            try {
                assertOk(send("POST", "/pub?topic=t", "x", "Bearer s3cret"));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return auth.requests.size() == 2;
        }, "the one-second answer to be asked again");
    }

    @Test
    void topicAdministrationNeedsPublishOnTheTopicAndChannelAdministrationSubscribe() throws Exception {
        assertError(send("POST", "/topic/create?topic=t", null, null), 401, "AUTH_REQUIRED");
        assertEmptyOk(send("POST", "/topic/create?topic=t", null, "Bearer publisher"));
        assertError(send("POST", "/topic/delete?topic=x", null, "Bearer publisher"), 403, "UNAUTHORIZED");
        assertError(send("POST", "/channel/create?topic=t&channel=c", null, "Bearer publisher"), 403,
                "UNAUTHORIZED");

        auth.answer(200, SUBSCRIBE_T_C);
        assertEmptyOk(send("POST", "/channel/create?topic=t&channel=c", null, "Bearer subscriber"));
        assertEmptyOk(send("POST", "/channel/pause?topic=t&channel=c", null, "Bearer subscriber"));
        assertError(send("POST", "/channel/delete?topic=t&channel=d", null, "Bearer subscriber"), 403,
                "UNAUTHORIZED");
        assertError(send("POST", "/topic/delete?topic=t", null, "Bearer subscriber"), 403, "UNAUTHORIZED");
        assertThat(nsqd.broker().existingTopic("t").existingChannel("c").isPaused()).isTrue();
    }

    @Test
    void aMissingTopicIsLeftToTheRouteToRefuse() throws Exception {
        assertError(send("POST", "/pub", "x", "Bearer s3cret"), 400, "MISSING_ARG_TOPIC");
    }

    @Test
    void changingNsqdItselfNeedsAGrantOfEverything() throws Exception {
        assertError(send("PUT", "/config/log_level", "info", "Bearer publisher"), 403, "UNAUTHORIZED");
        assertThat(send("POST", "/debug/freememory", null, "Bearer publisher").statusCode()).isEqualTo(403);

        auth.answer(200, EVERYTHING);
        HttpResponse<String> response = send("PUT", "/config/log_level", "info", "Bearer admin");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void readingRoutesStayOpen() throws Exception {
        assertThat(send("GET", "/ping", null, null).body()).isEqualTo("OK");
        assertThat(send("GET", "/stats?format=json", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/config/log_level", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(auth.requests).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhileTheAuthServerIsAsked() throws Exception {
        try (RawHttp raw = new RawHttp(http)) {
            StringBuilder requests = new StringBuilder();
            for (String body : new String[] {"one", "two", "three"}) {
                requests.append("POST /pub?topic=t HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            }
            requests.append("GET /pub HTTP/1.1\r\nHost: x\r\n\r\n"); // a 405, answered without the guard
            raw.send(requests.toString());

            for (int i = 0; i < 3; i++) {
                RawHttp.Response response = raw.read();
                assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(response.body()).isEqualTo("OK");
            }
            assertThat(raw.read().statusLine()).startsWith("HTTP/1.1 405");
        }
        assertThat(messageCount("t")).isEqualTo(3);
    }

    @Test
    void theFlagNeedsAuthServers() {
        NsqdOptions options = new NsqdOptions();
        options.httpAuthRequired = true;
        assertThatThrownBy(() -> new Nsqd(options)).hasMessage("--http-auth-required needs --auth-http-address");
    }
}
