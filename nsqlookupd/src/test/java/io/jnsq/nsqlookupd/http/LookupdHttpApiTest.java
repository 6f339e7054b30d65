package io.jnsq.nsqlookupd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqlookupd.LookupdTestBase;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.testwire.LookupWireClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The HTTP API against the reference's examples, key by key, with nsqd peers registered over TCP. */
class LookupdHttpApiTest extends LookupdTestBase {
    private static final String PEER_TAIL = "\"hostname\":\"vm\",\"broadcast_address\":\"127.0.0.1\",\"tcp_port\":4150,"
            + "\"http_port\":4151,\"version\":\"1.3.0\",\"topology_zone\":\"\",\"topology_region\":\"\"";

    private static String peerJson(LookupWireClient client) {
        return "{\"remote_address\":\"" + peerId(client) + "\"," + PEER_TAIL + "}";
    }

    private static void assertV1Json(HttpResponse<String> response, int status, String body) {
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("X-NSQ-Content-Type")).hasValue("nsq; version=1.0");
    }

    private static void assertV1Empty(HttpResponse<String> response) {
        assertThat(response.body()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-NSQ-Content-Type")).hasValue("nsq; version=1.0");
    }

    @Test
    void pingIsPlainOkWithoutTheNsqHeader() {
        HttpResponse<String> ping = get("/ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        assertThat(ping.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(ping.headers().firstValue("X-NSQ-Content-Type")).isEmpty();
    }

    @Test
    void infoIsTheVersion() {
        assertV1Json(get("/info"), 200, "{\"version\":\"1.3.0\"}");
    }

    @Test
    void lookupListsChannelsAndProducersAsTheReference() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("demo_topic", "demo_channel").expectOk();

        assertV1Json(get("/lookup?topic=demo_topic"), 200,
                "{\"channels\":[\"demo_channel\"],\"producers\":[" + peerJson(nsqd) + "]}");
    }

    @Test
    void lookupOfATopicCreatedOverHttpHasNoProducers() {
        assertV1Empty(post("/channel/create?topic=lk&channel=lk_ch"));
        assertV1Json(get("/lookup?topic=lk"), 200, "{\"channels\":[\"lk_ch\"],\"producers\":[]}");
    }

    @Test
    void lookupErrors() {
        assertV1Json(get("/lookup"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
        assertV1Json(get("/lookup?topic=none"), 404, "{\"message\":\"TOPIC_NOT_FOUND\"}");
        assertV1Json(get("/lookup?topic=a;b"), 400, "{\"message\":\"INVALID_REQUEST\"}");
    }

    @Test
    void lookupLeavesOutProducersSilentLongerThanTheInactiveTimeout() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("t", null).expectOk();
        mutableClock().advance(options.inactiveProducerTimeout.plusNanos(1));

        assertV1Json(get("/lookup?topic=t"), 200, "{\"channels\":[],\"producers\":[]}");
        assertV1Json(get("/nodes"), 200, "{\"producers\":[]}");

        nsqd.send("PING\n").expectOk();
        assertV1Json(get("/lookup?topic=t"), 200, "{\"channels\":[],\"producers\":[" + peerJson(nsqd) + "]}");
    }

    @Test
    void topicsListsEveryTopicRegistrationWithOrWithoutProducers() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("demo_topic", "demo_channel").expectOk();
        nsqd.register("t1#ephemeral", null).expectOk();
        assertV1Empty(post("/topic/create?topic=other_topic"));
        nsqd.unregister("demo_topic", null).expectOk();

        assertV1Json(get("/topics"), 200, "{\"topics\":[\"demo_topic\",\"t1#ephemeral\",\"other_topic\"]}");
    }

    @Test
    void channelsOfATopicAndOfAnUnknownOne() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("demo_topic", "demo_channel").expectOk();

        assertV1Json(get("/channels?topic=demo_topic"), 200, "{\"channels\":[\"demo_channel\"]}");
        assertV1Json(get("/channels?topic=unknown"), 200, "{\"channels\":[]}");
        assertV1Json(get("/channels"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
    }

    @Test
    void aStarTopicMatchesEveryTopicAsInNsq() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("a", "c1").expectOk();
        nsqd.register("b", "c1").expectOk();

        assertV1Json(get("/channels?topic=*"), 200, "{\"channels\":[\"c1\",\"c1\"]}");
        assertV1Json(get("/lookup?topic=*"), 200, "{\"channels\":[\"c1\",\"c1\"],\"producers\":[" + peerJson(nsqd)
                + "]}");
    }

    @Test
    void nodesListsEachNsqdWithItsTopicsAndTombstones() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("demo_topic", "demo_channel").expectOk();
        nsqd.register("other_topic", null).expectOk();
        assertV1Empty(post("/topic/tombstone?topic=demo_topic&node=127.0.0.1:4151"));

        String node = peerJson(nsqd).replace("}", ",\"tombstones\":[true,false],"
                + "\"topics\":[\"demo_topic\",\"other_topic\"]}");
        assertV1Json(get("/nodes"), 200, "{\"producers\":[" + node + "]}");
    }

    @Test
    void nodesWithoutProducers() {
        assertV1Json(get("/nodes"), 200, "{\"producers\":[]}");
    }

    @Test
    void aTombstoneHidesTheNodeFromLookupForTheLifetimeThenItReturns() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        LookupWireClient other = identified(NSQD_IDENTIFY.replace("4151", "4251"));
        nsqd.register("demo_topic", "demo_channel").expectOk();
        other.register("demo_topic", null).expectOk();

        assertV1Empty(post("/topic/tombstone?topic=demo_topic&node=127.0.0.1:4151"));
        String otherPeer = peerJson(other).replace("4151", "4251");
        assertV1Json(get("/lookup?topic=demo_topic"), 200,
                "{\"channels\":[\"demo_channel\"],\"producers\":[" + otherPeer + "]}");

        mutableClock().advance(options.tombstoneLifetime);
        assertV1Json(get("/lookup?topic=demo_topic"), 200,
                "{\"channels\":[\"demo_channel\"],\"producers\":[" + peerJson(nsqd) + "," + otherPeer + "]}");
    }

    @Test
    void tombstoneErrorsAndUnknownNodes() {
        assertV1Json(post("/topic/tombstone?node=x:1"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
        assertV1Json(post("/topic/tombstone?topic=t"), 400, "{\"message\":\"MISSING_ARG_NODE\"}");
        assertV1Empty(post("/topic/tombstone?topic=t&node=nobody:1"));
    }

    @Test
    void createAndDeleteTopics() {
        assertV1Json(post("/topic/create"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
        assertV1Json(post("/topic/create?topic=a!b"), 400, "{\"message\":\"INVALID_ARG_TOPIC\"}");
        assertV1Empty(post("/topic/create?topic=t"));
        assertV1Empty(post("/channel/create?topic=t&channel=c"));
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("t", "c2").expectOk();

        assertV1Empty(post("/topic/delete?topic=t"));
        assertV1Json(get("/topics"), 200, "{\"topics\":[]}");
        assertV1Json(get("/channels?topic=t"), 200, "{\"channels\":[]}");
        assertV1Json(get("/lookup?topic=t"), 404, "{\"message\":\"TOPIC_NOT_FOUND\"}");
        assertThat(lookupd().db().lookupRegistrations(peerId(nsqd))).containsExactly(Registration.client());

        assertV1Empty(post("/topic/delete?topic=unknown"));
        assertV1Json(post("/topic/delete"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
    }

    @Test
    void createAndDeleteChannels() {
        assertV1Json(post("/channel/create?channel=c"), 400, "{\"message\":\"MISSING_ARG_TOPIC\"}");
        assertV1Json(post("/channel/create?topic=a!b&channel=c"), 400, "{\"message\":\"INVALID_ARG_TOPIC\"}");
        assertV1Json(post("/channel/create?topic=t"), 400, "{\"message\":\"MISSING_ARG_CHANNEL\"}");
        assertV1Json(post("/channel/create?topic=t&channel=c!"), 400, "{\"message\":\"INVALID_ARG_CHANNEL\"}");
        assertV1Empty(post("/channel/create?topic=t&channel=c"));
        assertV1Empty(post("/channel/create?topic=t&channel=d"));

        assertV1Empty(post("/channel/delete?topic=t&channel=c"));
        assertV1Json(get("/lookup?topic=t"), 200, "{\"channels\":[\"d\"],\"producers\":[]}");
        assertV1Json(post("/channel/delete?topic=t&channel=c"), 404, "{\"message\":\"CHANNEL_NOT_FOUND\"}");
        assertV1Json(post("/channel/delete?topic=t"), 400, "{\"message\":\"MISSING_ARG_CHANNEL\"}");
        assertV1Json(post("/channel/delete?topic=t&channel=c!"), 400, "{\"message\":\"INVALID_ARG_CHANNEL\"}");
    }

    @Test
    void debugDumpsRegistrationsWithProducersKeysSorted() {
        LookupWireClient nsqd = identified(NSQD_IDENTIFY);
        nsqd.register("demo_topic", "demo_channel").expectOk();
        assertV1Empty(post("/topic/create?topic=empty"));
        long lastUpdate = lookupd().db().now();

        String dump = "{\"broadcast_address\":\"127.0.0.1\",\"hostname\":\"vm\",\"http_port\":4151,\"id\":\""
                + peerId(nsqd) + "\",\"last_update\":" + lastUpdate + ",\"tcp_port\":4150,\"tombstoned\":false,"
                + "\"tombstoned_at\":-6795364578871345152,\"topology_region\":\"\",\"topology_zone\":\"\","
                + "\"version\":\"1.3.0\"}";
        assertV1Json(get("/debug"), 200, "{\"channel:demo_topic:demo_channel\":[" + dump + "],\"client::\":[" + dump
                + "],\"topic:demo_topic:\":[" + dump + "]}");
    }

    @Test
    void routesFollowNsqsRouter() {
        assertV1Json(post("/lookup?topic=t"), 405, "{\"message\":\"METHOD_NOT_ALLOWED\"}");
        assertV1Json(get("/topic/create?topic=t"), 405, "{\"message\":\"METHOD_NOT_ALLOWED\"}");
        assertV1Json(get("/nope"), 404, "{\"message\":\"NOT_FOUND\"}");
        assertThat(get("/topics/").statusCode()).isEqualTo(301);
    }

    @Test
    void debugRoutesAreTheJvmsCounterpartsOfPprof() {
        HttpResponse<String> index = get("/debug/pprof");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("/debug/pprof/goroutine").doesNotContain("setblockrate", "freememory");
        assertThat(get("/debug/pprof/goroutine").body()).startsWith("Full thread dump ");
        assertThat(get("/debug/pprof/threadcreate").statusCode()).isEqualTo(200);
        assertThat(get("/debug/pprof/heap").statusCode()).isEqualTo(200);
        assertThat(get("/debug/pprof/block").statusCode()).isEqualTo(200);
        assertThat(get("/debug/pprof/cmdline").body()).contains("java");
        HttpResponse<String> redirect = get("/debug/pprof/");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/debug/pprof");
        assertV1Json(get("/debug/pprof/profile"), 404, "{\"message\":\"NOT_FOUND\"}");
        assertV1Json(post("/debug/freememory"), 404, "{\"message\":\"NOT_FOUND\"}");
    }
}
