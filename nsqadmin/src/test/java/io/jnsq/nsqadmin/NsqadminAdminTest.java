package io.jnsq.nsqadmin;

import static io.jnsq.nsqadmin.AdminHttp.keys;
import static io.jnsq.nsqadmin.AdminHttp.parse;
import static io.jnsq.nsqadmin.NsqadminLookupdTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * nsqadmin's options around the API: admin users, notifications, the /config CIDR, the base path, graphite, and a
 * partial upstream failure. One nsqd and one nsqlookupd; an nsqadmin per test.
 */
@Timeout(60)
class NsqadminAdminTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static NsqCluster cluster;
    private Nsqadmin admin;
    private AdminHttp http;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NsqCluster.builder().nsqds(1).lookupds(1).start();
        cluster.nsqd(0).broker().topic("t").channel("c");
        cluster.awaitProducers("t", 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    private void start(Consumer<NsqadminOptions> configure) throws Exception {
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        configure.accept(options);
        admin = new Nsqadmin(options).start();
        http = new AdminHttp(admin);
    }

    @Test
    void onlyAdminUsersMayActWhenSomeAreNamed() throws Exception {
        start(o -> {
            o.adminUsers.add("alice");
            o.aclHttpHeader = "X-Auth-User";
        });

        assertError(http.send("POST", "/api/topics/t", "{\"action\":\"pause\"}"), 403, "FORBIDDEN");
        assertError(http.send("POST", "/api/topics/t", "{\"action\":\"pause\"}", "X-Auth-User", "bob"), 403,
                "FORBIDDEN");
        assertError(http.send("DELETE", "/api/topics/t/c", null), 403, "FORBIDDEN");
        assertError(http.send("POST", "/api/topics", "{\"topic\":\"x\"}"), 403, "FORBIDDEN");
        assertError(http.send("DELETE", "/api/nodes/n:1", "{\"topic\":\"t\"}"), 403, "FORBIDDEN");
        assertThat(cluster.nsqd(0).broker().existingTopic("t").isPaused()).isFalse();
        assertThat(http.get("/").body()).contains("var IS_ADMIN =  false ;");
        assertThat(http.send("GET", "/", null, "X-Auth-User", "alice").body()).contains("var IS_ADMIN =  true ;");

        HttpResponse<String> allowed = http.send("POST", "/api/topics/t/c", "{\"action\":\"pause\"}",
                "X-Auth-User", "alice");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(cluster.nsqd(0).broker().existingTopic("t").existingChannel("c").isPaused()).isTrue();
        assertThat(http.send("POST", "/api/topics/t/c", "{\"action\":\"unpause\"}", "X-Auth-User", "alice")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void eachActionIsNotifiedWithNsqsFields() throws Exception {
        try (FakeHttpEndpoint endpoint = new FakeHttpEndpoint(200, "text/plain", "")) {
            start(o -> o.notificationHttpEndpoint = "http://" + endpoint.address() + "/notify");
            String basic = "Basic " + Base64.getEncoder().encodeToString("carol:secret".getBytes(
                    StandardCharsets.UTF_8));

            assertThat(http.send("POST", "/api/topics/t/c", "{\"action\":\"pause\"}", "Authorization", basic,
                    "User-Agent", "curl/7.88.1").statusCode()).isEqualTo(200);

            FakeHttpEndpoint.Received notification = endpoint.take(WAIT);
            assertThat(notification.method()).isEqualTo("POST");
            assertThat(notification.uri()).isEqualTo("/notify");
            assertThat(notification.header("Content-Type")).isEqualTo("application/json");
            JsonNode action = parse(notification.body());
            assertThat(keys(action)).containsExactly("action", "topic", "channel", "timestamp", "user", "remote_ip",
                    "user_agent", "url", "via");
            assertThat(action.path("action").asText()).isEqualTo("pause_channel");
            assertThat(action.path("topic").asText()).isEqualTo("t");
            assertThat(action.path("channel").asText()).isEqualTo("c");
            assertThat(action.path("user").asText()).isEqualTo("carol");
            assertThat(action.path("remote_ip").asText()).startsWith("127.0.0.1:");
            assertThat(action.path("user_agent").asText()).isEqualTo("curl/7.88.1");
            assertThat(action.path("url").asText()).isEqualTo("http://" + http.address() + "/api/topics/t/c");
            assertThat(action.path("via").asText()).isEqualTo(admin.hostname());
            assertThat(action.path("timestamp").asLong()).isCloseTo(System.currentTimeMillis() / 1000,
                    org.assertj.core.data.Offset.offset(60L));

            http.send("POST", "/api/topics/t/c", "{\"action\":\"unpause\"}");
            assertThat(parse(endpoint.take(WAIT).body()).path("action").asText()).isEqualTo("unpause_channel");

            // sent even though the action failed upstream, as NSQ does
            assertThat(http.send("POST", "/api/topics/missing", "{\"action\":\"pause\"}").statusCode())
                    .isEqualTo(502);
            JsonNode failed = parse(endpoint.take(WAIT).body());
            assertThat(failed.path("action").asText()).isEqualTo("pause_topic");
            assertThat(keys(failed)).doesNotContain("channel", "node", "user");

            http.send("POST", "/api/topics", "{\"topic\":\"made\",\"channel\":\"mc\"}");
            assertThat(parse(endpoint.take(WAIT).body()).path("action").asText()).isEqualTo("create_topic");
            assertThat(parse(endpoint.take(WAIT).body()).path("action").asText()).isEqualTo("create_channel");

            http.send("DELETE", "/api/nodes/" + cluster.nsqdHttpAddresses().get(0), "{\"topic\":\"made\"}");
            JsonNode tombstone = parse(endpoint.take(WAIT).body());
            assertThat(tombstone.path("action").asText()).isEqualTo("tombstone_topic_producer");
            assertThat(tombstone.path("node").asText()).isEqualTo(cluster.nsqdHttpAddresses().get(0));
        }
    }

    @Test
    void anUnreachableNotificationEndpointNeverFailsTheAction() throws Exception {
        start(o -> o.notificationHttpEndpoint = "http://127.0.0.1:1/notify");

        assertThat(http.send("POST", "/api/topics/t", "{\"action\":\"unpause\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void configIsOnlyForTheAllowedNetwork() throws Exception {
        start(o -> o.allowConfigFromCidr = "10.0.0.0/8");

        assertError(http.get("/config/log_level"), 403, "FORBIDDEN");
        assertError(http.send("PUT", "/config/log_level", "debug"), 403, "FORBIDDEN");
    }

    @Test
    void anEmptyCidrAllowsAnyone() throws Exception {
        start(o -> o.allowConfigFromCidr = "");

        assertThat(http.get("/config/allow_config_from_cidr").statusCode()).isEqualTo(200);
    }

    @Test
    void thePutLookupdAddressesAreUsedAtOnce() throws Exception {
        start(o -> { });

        HttpResponse<String> put = http.send("PUT", "/config/nsqlookupd_http_addresses", "[\"127.0.0.1:1\"]");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(parse(put.body()).get(0).asText()).isEqualTo("127.0.0.1:1");
        assertThat(http.get("/").body()).contains("var NSQLOOKUPD = [\"127.0.0.1:1\",];");
        // no nsqlookupd answers now: every route that needs one is NSQ's 502
        String refused = "UPSTREAM_ERROR: failed to query any nsqlookupd: Get \"http://127.0.0.1:1/";
        for (String path : new String[] {"/api/topics", "/api/topics/t", "/api/topics/t/c", "/api/nodes",
                "/api/nodes/n:1", "/api/counter"}) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(502);
            assertThat(parse(response.body()).path("message").asText()).as(path).startsWith(refused);
        }
        assertThat(http.send("DELETE", "/api/topics/t", null).statusCode()).isEqualTo(502);
        assertThat(http.send("DELETE", "/api/topics/t/c", null).statusCode()).isEqualTo(502);
        assertThat(http.send("POST", "/api/topics/t", "{\"action\":\"empty\"}").statusCode()).isEqualTo(502);
    }

    @Test
    void everyRouteLivesUnderTheBasePath() throws Exception {
        start(o -> o.basePath = "admin/");

        assertThat(http.get("/admin/ping").body()).isEqualTo("OK");
        assertThat(http.get("/admin").body()).contains("var BASE_PATH = \"/admin\";",
                "href=\"/admin/static/base.css\"", "src=\"/admin/static/main.js\"");
        assertThat(http.get("/admin/static/base.css").statusCode()).isEqualTo(200);
        assertThat(http.json("/admin/api/topics").path("topics").toString()).contains("\"t\"");
        assertThat(http.get("/ping").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/topics").statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingNsqlookupdAmongOthersIsAWarning() throws Exception {
        start(o -> o.nsqlookupdHttpAddresses.add("127.0.0.1:1"));

        JsonNode topics = http.json("/api/topics");

        assertThat(topics.path("topics").toString()).contains("\"t\"");
        assertThat(topics.path("message").asText()).isEqualTo(
                "WARNING: Get \"http://127.0.0.1:1/topics\": connection refused");
        assertThat(http.json("/api/nodes").path("message").asText()).startsWith("WARNING: ");
        assertThat(http.json("/api/topics/t").path("message").asText()).isEqualTo(
                "WARNING: Get \"http://127.0.0.1:1/lookup?topic=t\": connection refused");

        // an action still done where it could be, the failed nsqlookupd a warning: the lookup, then the POST
        HttpResponse<String> created = http.send("POST", "/api/topics", "{\"topic\":\"half\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(parse(created.body()).path("message").asText()).isEqualTo(
                "WARNING: Post \"http://127.0.0.1:1/topic/create?topic=half\": connection refused");
        HttpResponse<String> paused = http.send("POST", "/api/topics/t", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(parse(paused.body()).path("message").asText()).startsWith("WARNING: Get ");
        assertThat(cluster.nsqd(0).broker().existingTopic("t").isPaused()).isTrue();
        assertThat(http.send("POST", "/api/topics/t", "{\"action\":\"unpause\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void graphiteGivesTheRatePerSecondOfTheLastInterval() throws Exception {
        try (FakeHttpEndpoint graphite = new FakeHttpEndpoint(200, "application/json",
                "[{\"target\":\"x\",\"datapoints\":[[120.0,1700000000]]}]")) {
            start(o -> o.graphiteUrl = "http://" + graphite.address());

            assertThat(http.json("/api/graphite?metric=rate&target=sumSeries(a.b)").path("rate").asText())
                    .isEqualTo("2.00");
            assertThat(graphite.take(WAIT).uri()).isEqualTo(
                    "/render?format=json&from=-120sec&target=sumSeries%28a.b%29&until=-60sec");
            assertThat(http.get("/").body()).contains("var GRAPHITE_URL = \"http://" + graphite.address() + "\";",
                    "var GRAPH_ENABLED = true;");

            assertError(http.get("/api/graphite?metric=depth&target=x"), 400, "INVALID_ARG_METRIC");
            assertError(http.get("/api/graphite?metric=rate"), 400, "INVALID_ARG_TARGET");
            assertThat(http.get("/render?target=x").statusCode()).as("no proxy unless asked").isEqualTo(404);
        }
    }

    @Test
    void aNegativeRateIsNotAvailableAndAFailingGraphiteAnInternalError() throws Exception {
        try (FakeHttpEndpoint graphite = new FakeHttpEndpoint(200, "application/json",
                "[{\"target\":\"x\",\"datapoints\":[[-1.0,1700000000]]}]")) {
            start(o -> o.graphiteUrl = "http://" + graphite.address());

            assertThat(http.json("/api/graphite?metric=rate&target=x").path("rate").asText()).isEqualTo("N/A");
        }
        admin.close();
        try (FakeHttpEndpoint graphite = new FakeHttpEndpoint(500, "text/plain", "down")) {
            start(o -> o.graphiteUrl = "http://" + graphite.address());

            assertError(http.get("/api/graphite?metric=rate&target=x"), 500, "INTERNAL_ERROR");
        }
    }

    @Test
    void theGraphiteProxyPassesRenderThroughWithTheUrlsCredentials() throws Exception {
        try (FakeHttpEndpoint graphite = new FakeHttpEndpoint(200, "image/png", "png-bytes")) {
            start(o -> {
                o.graphiteUrl = "http://user:pass@" + graphite.address();
                o.proxyGraphite = true;
            });

            HttpResponse<String> render = http.get("/render?target=x&format=png");

            assertThat(render.statusCode()).isEqualTo(200);
            assertThat(render.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(render.body()).isEqualTo("png-bytes");
            FakeHttpEndpoint.Received proxied = graphite.take(WAIT);
            assertThat(proxied.uri()).isEqualTo("/render?target=x&format=png");
            assertThat(proxied.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                    "user:pass".getBytes(StandardCharsets.UTF_8)));
            assertThat(http.get("/").body()).contains("var GRAPHITE_URL = \"\";");
        }
    }

    @Test
    void pingNeedsNoUpstream() throws Exception {
        start(o -> {
            o.nsqlookupdHttpAddresses.clear();
            o.nsqlookupdHttpAddresses.add("127.0.0.1:1");
        });

        assertThat(TestHttp.get(http.address(), "/ping").body()).isEqualTo("OK");
    }
}
