package io.jnsq.nsqadmin;

import static io.jnsq.nsqadmin.AdminHttp.keys;
import static io.jnsq.nsqadmin.AdminHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * nsqadmin over a cluster of two nsqd and one nsqlookupd, all in this JVM: every GET of the API with NSQ's JSON
 * shapes, the actions as the daemons see them, and the errors of NSQ's table.
 */
@Timeout(60)
class NsqadminLookupdTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> TOPIC_KEYS = List.of("node", "hostname", "topic_name", "depth", "memory_depth",
            "backend_depth", "message_count", "delivery_msg_count", "nodes", "channels", "paused",
            "e2e_processing_latency");
    private static final List<String> CHANNEL_KEYS = List.of("node", "hostname", "topic_name", "channel_name",
            "depth", "memory_depth", "backend_depth", "in_flight_count", "deferred_count", "requeue_count",
            "timeout_count", "message_count", "delivery_msg_count", "client_count", "nodes", "clients", "paused",
            "e2e_processing_latency");
    private static final List<String> PRODUCER_KEYS = List.of("remote_addresses", "remote_address", "hostname",
            "broadcast_address", "tcp_port", "http_port", "version", "topics", "out_of_date");
    private static final List<String> E2E_KEYS = List.of("count", "percentiles", "topic", "channel", "host");

    private static NsqCluster cluster;
    private static Nsqadmin admin;
    private static AdminHttp http;

    @BeforeAll
    static void start() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        admin = new Nsqadmin(options).start();
        http = new AdminHttp(admin);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The topic with its channel on both nsqd, {@code perNode} messages published to each. */
    private static void topicOnBoth(String topic, String channel, int perNode) {
        for (int i = 0; i < 2; i++) {
            cluster.nsqd(i).broker().topic(topic).channel(channel);
            for (int m = 0; m < perNode; m++) {
                assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(i), "/pub?topic=" + topic, "m")
                        .statusCode()).isEqualTo(200);
            }
        }
        cluster.awaitProducers(topic, 2);
    }

    @Test
    void pingAnswersOk() {
        HttpResponse<String> response = http.get("/ping");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
    }

    @Test
    void everyUiPageIsTheShellWithNsqsGlobals() {
        for (String page : List.of("/", "/topics", "/topics/t", "/topics/t/c", "/nodes", "/nodes/n:1", "/counter",
                "/lookup")) {
            HttpResponse<String> response = http.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains("var USER_AGENT = 'nsqadmin/v1.3.0';", "var VERSION = \"1.3.0\";",
                    "var GRAPHITE_URL = \"\";", "var GRAPH_ENABLED = false;",
                    "var STATSD_COUNTER_FORMAT = \"stats.counters.%s.count\";",
                    "var STATSD_GAUGE_FORMAT = \"stats.gauges.%s\";", "var STATSD_INTERVAL =  60 ;",
                    "var STATSD_PREFIX = \"nsq.%s\";",
                    "var NSQLOOKUPD = [\"" + cluster.lookupdHttpAddresses().get(0) + "\",];",
                    "var IS_ADMIN =  true ;", "var BASE_PATH = \"/\";", "<div id=\"app\"></div>",
                    "<script type=\"module\" src=\"/static/main.js\"></script>");
        }
    }

    @Test
    void staticAssetsComeFromTheClasspathWithTheirTypeAndMissingOnesAreNotFound() {
        HttpResponse<String> css = http.get("/static/base.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        // the UI's modules and uPlot, as the build put them into the jar
        for (String script : List.of("/static/main.js", "/static/chart.js", "/static/uPlot.esm.js")) {
            HttpResponse<String> js = http.get(script);
            assertThat(js.statusCode()).as(script).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        }
        assertThat(http.get("/static/uPlot.min.css").statusCode()).isEqualTo(200);

        for (String missing : List.of("/static/nothing.js", "/fonts/nothing.woff", "/fonts/..", "/static/.hidden")) {
            HttpResponse<String> response = http.get(missing);
            assertThat(response.statusCode()).as(missing).isEqualTo(404);
            assertThat(response.body()).isEqualTo("NOT_FOUND");
        }
        assertThat(http.send("HEAD", "/static/base.css", null).statusCode()).isEqualTo(405);
    }

    @Test
    void unknownRoutesAndMethodsFollowNsqdsRouting() {
        assertThat(http.get("/api/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> put = http.send("PUT", "/api/topics", "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow").orElseThrow()).contains("GET", "POST");
    }

    @Test
    void topicsAreNsqlookupdsSortedOnceEach() {
        topicOnBoth("list_b", "c", 0);
        topicOnBoth("list_a", "c", 0);

        JsonNode topics = http.json("/api/topics");

        assertThat(keys(topics)).containsExactly("topics", "message");
        assertThat(topics.path("message").asText()).isEmpty();
        List<String> listed = new ArrayList<>();
        topics.path("topics").forEach(t -> listed.add(t.asText()));
        assertThat(listed).containsSubsequence("list_a", "list_b").doesNotHaveDuplicates().isSorted();
    }

    @Test
    void inactiveTopicsAreThoseWithoutProducersWithTheirChannels() {
        assertThat(TestHttp.post(cluster.lookupdHttpAddresses().get(0), "/channel/create?topic=idle&channel=ic",
                "").statusCode()).isEqualTo(200);

        JsonNode inactive = http.json("/api/topics?inactive=true");

        assertThat(inactive.path("topics").path("idle")).hasSize(1);
        assertThat(inactive.path("topics").path("idle").get(0).asText()).isEqualTo("ic");
        assertThat(inactive.path("message").asText()).isEmpty();
    }

    @Test
    void aTopicIsSummedOverItsNodesInNsqsShape() {
        topicOnBoth("flow", "ch", 3);

        JsonNode topic = http.json("/api/topics/flow");

        assertThat(keys(topic)).containsExactlyElementsOf(with(TOPIC_KEYS, "message"));
        assertThat(topic.path("node").asText()).isEqualTo("*");
        assertThat(topic.path("hostname").asText()).isEmpty();
        assertThat(topic.path("topic_name").asText()).isEqualTo("flow");
        assertThat(topic.path("message_count").asLong()).isEqualTo(6);
        assertThat(topic.path("depth").asLong()).isEqualTo(topic.path("memory_depth").asLong()
                + topic.path("backend_depth").asLong());
        assertThat(topic.path("paused").asBoolean()).isFalse();
        assertThat(topic.path("message").asText()).isEmpty();
        assertThat(keys(topic.path("e2e_processing_latency"))).containsExactlyElementsOf(E2E_KEYS);
        assertThat(topic.path("e2e_processing_latency").path("topic").asText()).isEqualTo("flow");
        assertThat(topic.path("e2e_processing_latency").path("host").asText()).isEqualTo("*");

        JsonNode nodes = topic.path("nodes");
        assertThat(nodes).hasSize(2);
        List<String> nodeNames = new ArrayList<>();
        for (JsonNode node : nodes) {
            assertThat(keys(node)).containsExactlyElementsOf(TOPIC_KEYS);
            assertThat(node.path("message_count").asLong()).isEqualTo(3);
            assertThat(node.path("nodes").isNull()).isTrue();
            assertThat(node.path("channels")).hasSize(1);
            assertThat(keys(node.path("channels").get(0))).containsExactlyElementsOf(CHANNEL_KEYS);
            assertThat(node.path("channels").get(0).path("node").asText()).isEqualTo(node.path("node").asText());
            assertThat(node.path("channels").get(0).path("nodes").isNull()).isTrue();
            nodeNames.add(node.path("node").asText());
        }
        assertThat(nodeNames).containsExactlyInAnyOrderElementsOf(cluster.nsqdHttpAddresses());

        JsonNode channels = topic.path("channels");
        assertThat(channels).hasSize(1);
        JsonNode channel = channels.get(0);
        assertThat(keys(channel)).containsExactlyElementsOf(CHANNEL_KEYS);
        assertThat(channel.path("node").asText()).isEqualTo("*");
        assertThat(channel.path("channel_name").asText()).isEqualTo("ch");
        assertThat(channel.path("message_count").asLong()).isEqualTo(6);
        assertThat(channel.path("depth").asLong()).isEqualTo(6);
        assertThat(channel.path("nodes")).hasSize(2);
        assertThat(channel.path("clients").isNull()).isTrue();
    }

    @Test
    void aChannelIsSummedWithItsClients() throws Exception {
        topicOnBoth("watched", "ch", 1);
        try (WireClient consumer = WireClient.connect(address(cluster.nsqdTcpAddresses().get(0)))) {
            consumer.identify("{\"client_id\":\"reader\",\"hostname\":\"reader.example\","
                    + "\"user_agent\":\"test/1.0\"}").readResponse();
            consumer.sub("watched", "ch").readResponse();
            Await.until(WAIT,
                    () -> cluster.nsqd(0).broker().existingTopic("watched").channel("ch").clients().size() == 1,
                    "the subscription");

            JsonNode channel = http.json("/api/topics/watched/ch");

            assertThat(keys(channel)).containsExactlyElementsOf(with(CHANNEL_KEYS, "message"));
            assertThat(channel.path("node").asText()).isEqualTo("*");
            assertThat(channel.path("client_count").asLong()).isEqualTo(1);
            assertThat(channel.path("message_count").asLong()).isEqualTo(2);
            assertThat(channel.path("nodes")).hasSize(2);
            assertThat(channel.path("e2e_processing_latency").path("channel").asText()).isEqualTo("ch");
            JsonNode client = channel.path("clients").get(0);
            assertThat(keys(client)).containsExactly("node", "remote_address", "version", "client_id", "hostname",
                    "user_agent", "connect_ts", "connected", "in_flight_count", "ready_count", "finish_count",
                    "requeue_count", "message_count", "sample_rate", "deflate", "snappy", "authed",
                    "auth_identity", "auth_identity_url", "tls", "tls_cipher_suite", "tls_version",
                    "tls_negotiated_protocol", "tls_negotiated_protocol_is_mutual");
            assertThat(client.path("node").asText()).isEqualTo(cluster.nsqdHttpAddresses().get(0));
            assertThat(client.path("client_id").asText()).isEqualTo("reader");
            assertThat(client.path("hostname").asText()).isEqualTo("reader.example");
            assertThat(client.path("user_agent").asText()).isEqualTo("test/1.0");
            assertThat(client.path("version").asText()).isEqualTo("V2");
            assertThat(client.path("connected").asLong() % 1_000_000_000L).isZero();
        }
    }

    @Test
    void anUnknownChannelIsNotFoundAndATopicWithoutProducersIsAnUpstreamError() {
        topicOnBoth("has_channel", "ch", 0);
        HttpResponse<String> channel = http.get("/api/topics/has_channel/nope");
        assertThat(channel.statusCode()).isEqualTo(404);
        assertThat(parse(channel.body()).path("message").asText()).isEqualTo("CHANNEL_NOT_FOUND");

        assertThat(TestHttp.post(cluster.lookupdHttpAddresses().get(0), "/topic/create?topic=lonely", "")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> topic = http.get("/api/topics/lonely");
        assertThat(topic.statusCode()).isEqualTo(502);
        assertThat(parse(topic.body()).path("message").asText()).isEqualTo("UPSTREAM_ERROR: failed to query any nsqd: ");

        HttpResponse<String> unknown = http.get("/api/topics/never_seen");
        assertThat(unknown.statusCode()).isEqualTo(502);
        assertThat(parse(unknown.body()).path("message").asText()).isEqualTo("UPSTREAM_ERROR: failed to query any"
                + " nsqlookupd: got response 404 Not Found \"{\\\"message\\\":\\\"TOPIC_NOT_FOUND\\\"}\"");
    }

    @Test
    void nodesAreTheProducersOfEveryNsqlookupd() {
        topicOnBoth("noded", "ch", 0);

        JsonNode answer = http.json("/api/nodes");

        assertThat(keys(answer)).containsExactly("nodes", "message");
        assertThat(answer.path("nodes")).hasSize(2);
        for (JsonNode node : answer.path("nodes")) {
            assertThat(keys(node)).containsExactlyElementsOf(PRODUCER_KEYS);
            assertThat(node.path("broadcast_address").asText()).isEqualTo("127.0.0.1");
            assertThat(node.path("version").asText()).isEqualTo("1.3.0");
            assertThat(node.path("out_of_date").asBoolean()).isFalse();
            assertThat(node.path("remote_addresses")).hasSize(1);
            assertThat(node.path("remote_addresses").get(0).asText()).isEqualTo(
                    cluster.lookupdHttpAddresses().get(0) + "/" + node.path("remote_address").asText());
            assertThat(keys(node.path("topics").get(0))).containsExactly("topic", "tombstoned");
            List<String> topics = node.path("topics").findValuesAsText("topic");
            assertThat(topics).contains("noded").isSorted();
        }
    }

    @Test
    void aNodeShowsItsTopicsAndTotals() {
        topicOnBoth("on_node", "ch", 2);
        String node = cluster.nsqdHttpAddresses().get(1);

        JsonNode answer = http.json("/api/nodes/" + node);

        assertThat(keys(answer)).containsExactly("node", "topics", "total_messages", "total_clients", "message");
        assertThat(answer.path("node").asText()).isEqualTo(node);
        JsonNode topic = null;
        long messages = 0;
        for (JsonNode t : answer.path("topics")) {
            messages += t.path("message_count").asLong();
            if (t.path("topic_name").asText().equals("on_node")) {
                topic = t;
            }
        }
        assertThat(topic).isNotNull();
        assertThat(topic.path("node").asText()).isEqualTo(node);
        assertThat(topic.path("message_count").asLong()).isEqualTo(2);
        assertThat(answer.path("total_messages").asLong()).isEqualTo(messages);

        HttpResponse<String> unknown = http.get("/api/nodes/127.0.0.1:1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(parse(unknown.body()).path("message").asText()).isEqualTo("NODE_NOT_FOUND");
    }

    @Test
    void theCounterHoldsEachChannelsMessagesOnEachNode() {
        topicOnBoth("counted", "ch", 2);

        JsonNode answer = http.json("/api/counter");

        assertThat(keys(answer)).containsExactly("stats", "message");
        for (String node : cluster.nsqdHttpAddresses()) {
            JsonNode counter = answer.path("stats").path("counted:ch:" + node);
            assertThat(keys(counter)).containsExactly("node", "topic_name", "channel_name", "message_count");
            assertThat(counter.path("node").asText()).isEqualTo(node);
            assertThat(counter.path("message_count").asLong()).isEqualTo(2);
        }
    }

    @Test
    void creatingATopicAndChannelReachesNsqlookupdAndTheProducers() {
        topicOnBoth("made", "first", 0);

        HttpResponse<String> response = http.send("POST", "/api/topics", "{\"topic\":\"made\",\"channel\":\"second\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("message").asText()).isEmpty();
        assertThat(cluster.lookupd(0).db().findRegistrations(Registration.CHANNEL, "made", "second")).hasSize(1);
        for (int i = 0; i < 2; i++) {
            assertThat(cluster.nsqd(i).broker().existingTopic("made").existingChannel("second")).isNotNull();
        }

        assertThat(http.send("POST", "/api/topics", "{\"topic\":\"only_lookupd\"}").statusCode()).isEqualTo(200);
        assertThat(cluster.lookupd(0).db().findRegistrations(Registration.TOPIC, "only_lookupd", "")).hasSize(1);
    }

    @Test
    void pausingUnpausingAndEmptyingReachEveryProducer() {
        topicOnBoth("acted", "ch", 2);

        assertThat(action("/api/topics/acted", "pause").statusCode()).isEqualTo(200);
        assertThat(action("/api/topics/acted/ch", "pause").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            Topic topic = cluster.nsqd(i).broker().existingTopic("acted");
            assertThat(topic.isPaused()).isTrue();
            assertThat(topic.existingChannel("ch").isPaused()).isTrue();
        }
        assertThat(http.json("/api/topics/acted").path("paused").asBoolean()).isTrue();

        assertThat(action("/api/topics/acted", "unpause").statusCode()).isEqualTo(200);
        assertThat(action("/api/topics/acted/ch", "unpause").statusCode()).isEqualTo(200);
        assertThat(action("/api/topics/acted/ch", "empty").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            Topic topic = cluster.nsqd(i).broker().existingTopic("acted");
            assertThat(topic.isPaused()).isFalse();
            assertThat(topic.existingChannel("ch").isPaused()).isFalse();
            assertThat(topic.existingChannel("ch").depth()).isZero();
        }
        assertThat(action("/api/topics/acted", "empty").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(cluster.nsqd(i).broker().existingTopic("acted").depth()).isZero();
        }
    }

    @Test
    void deletingAChannelThenTheTopicReachesNsqlookupdAndEveryNsqd() {
        topicOnBoth("doomed", "ch", 1);

        assertThat(http.send("DELETE", "/api/topics/doomed/ch", null).statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(cluster.nsqd(i).broker().existingTopic("doomed").existingChannel("ch")).isNull();
        }
        assertThat(cluster.lookupd(0).db().findRegistrations(Registration.CHANNEL, "doomed", "ch")).isEmpty();

        HttpResponse<String> response = http.send("DELETE", "/api/topics/doomed", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("message").asText()).isEmpty();
        for (int i = 0; i < 2; i++) {
            Nsqd nsqd = cluster.nsqd(i);
            Await.until(WAIT, () -> nsqd.broker().existingTopic("doomed") == null, "the topic gone from nsqd");
        }
        assertThat(cluster.lookupd(0).db().findRegistrations(Registration.TOPIC, "doomed", "")).isEmpty();
    }

    @Test
    void tombstoningATopicProducerHidesItAndDeletesTheTopicThere() {
        topicOnBoth("stoned", "ch", 0);
        String node = cluster.nsqdHttpAddresses().get(0);

        HttpResponse<String> response = http.send("DELETE", "/api/nodes/" + node, "{\"topic\":\"stoned\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).path("message").asText()).isEmpty();
        Await.until(WAIT, () -> cluster.nsqd(0).broker().existingTopic("stoned") == null, "the topic gone from nsqd 0");
        assertThat(cluster.nsqd(1).broker().existingTopic("stoned")).isNotNull();
        JsonNode lookup = parse(TestHttp.get(cluster.lookupdHttpAddresses().get(0), "/lookup?topic=stoned").body());
        assertThat(lookup.path("producers").findValuesAsText("http_port"))
                .doesNotContain(node.substring(node.lastIndexOf(':') + 1));
    }

    @Test
    void actionsRefuseBadBodiesAndNamesWithNsqsErrors() {
        assertError(http.send("POST", "/api/topics", "nope"), 400, null);
        assertError(http.send("POST", "/api/topics", ""), 400, "EOF");
        assertError(http.send("POST", "/api/topics", "{\"topic\":\"bad topic\"}"), 400, "INVALID_TOPIC");
        assertError(http.send("POST", "/api/topics", "{\"topic\":\"t\",\"channel\":\"bad channel\"}"), 400,
                "INVALID_CHANNEL");
        assertError(action("/api/topics/t", "explode"), 400, "INVALID_ACTION");
        assertError(action("/api/topics/t/c", "explode"), 400, "INVALID_ACTION");
        assertError(http.send("POST", "/api/topics/t", "{"), 400, null);
        assertError(http.send("DELETE", "/api/nodes/127.0.0.1:1", "{"), 400, "INVALID_BODY");
        assertError(http.send("DELETE", "/api/nodes/127.0.0.1:1", "{\"topic\":\"bad topic\"}"), 400,
                "INVALID_TOPIC");
        assertError(action("/api/topics/never_made", "pause"), 502, "UPSTREAM_ERROR: failed to query any nsqlookupd:"
                + " got response 404 Not Found \"{\\\"message\\\":\\\"TOPIC_NOT_FOUND\\\"}\"");
    }

    @Test
    void responsesAreCompressedWhenTheClientAcceptsIt() {
        HttpResponse<String> gzip = http.send("GET", "/ping", null, "Accept-Encoding", "gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        HttpResponse<String> deflate = http.send("GET", "/api/nodes", null, "Accept-Encoding", "deflate");
        assertThat(deflate.headers().firstValue("Content-Encoding")).hasValue("deflate");
        assertThat(http.get("/ping").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void configShowsOptionsByNsqsNamesAndChangesTheWritableOnes() {
        JsonNode lookupds = parse(http.get("/config/nsqlookupd_http_addresses").body());
        assertThat(lookupds.get(0).asText()).isEqualTo(cluster.lookupdHttpAddresses().get(0));
        assertThat(http.get("/config/log_level").body()).isEqualTo("2");
        assertThat(http.get("/config/http_address").body()).isEqualTo("127.0.0.1:0");

        HttpResponse<String> level = http.send("PUT", "/config/log_level", "debug");
        assertThat(level.statusCode()).isEqualTo(200);
        assertThat(level.body()).isEqualTo("1");
        assertThat(http.send("PUT", "/config/log_level", "info").statusCode()).isEqualTo(200);

        assertError(http.send("PUT", "/config/log_level", "loud"), 400, "INVALID_VALUE");
        assertError(http.send("PUT", "/config/admin_users", "[\"x\"]"), 400, "INVALID_OPTION");
        assertError(http.send("PUT", "/config/log_level", ""), 413, "INVALID_VALUE");
        assertError(http.get("/config/nothing"), 400, "INVALID_OPTION");
        assertError(http.send("PUT", "/config/nsqlookupd_http_addresses", "[1]"), 400, "INVALID_VALUE");
    }

    private static HttpResponse<String> action(String path, String action) {
        return http.send("POST", path, "{\"action\":\"" + action + "\"}");
    }

    static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (message != null) {
            assertThat(parse(response.body()).path("message").asText()).isEqualTo(message);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static List<String> with(List<String> keys, String last) {
        List<String> all = new ArrayList<>(keys);
        all.add(last);
        return all;
    }
}
