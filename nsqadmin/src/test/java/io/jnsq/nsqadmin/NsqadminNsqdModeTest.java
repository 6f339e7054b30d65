package io.jnsq.nsqadmin;

import static io.jnsq.nsqadmin.AdminHttp.keys;
import static io.jnsq.nsqadmin.NsqadminLookupdTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.TestHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsqadmin given the nsqd themselves ({@code --nsqd-http-address}), no nsqlookupd: NSQ's nsqd-only mode. */
@Timeout(60)
class NsqadminNsqdModeTest {
    private static NsqCluster cluster;
    private static Nsqadmin admin;
    private static AdminHttp http;

    @BeforeAll
    static void start() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(0).start();
        for (int i = 0; i < 2; i++) {
            cluster.nsqd(i).broker().topic("both").channel("c");
            assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(i), "/pub?topic=both", "m").statusCode())
                    .isEqualTo(200);
        }
        cluster.nsqd(1).broker().topic("second_only");
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqdHttpAddresses.addAll(cluster.nsqdHttpAddresses());
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

    @Test
    void topicsAreTheNsqdsAndNoneIsInactive() {
        List<String> topics = new ArrayList<>();
        http.json("/api/topics").path("topics").forEach(t -> topics.add(t.asText()));
        assertThat(topics).containsExactly("both", "second_only");

        JsonNode inactive = http.json("/api/topics?inactive=true");
        assertThat(inactive.path("topics").isObject()).isTrue();
        assertThat(inactive.path("topics")).isEmpty();
    }

    @Test
    void nodesComeFromEachNsqdsInfoAndStats() {
        JsonNode nodes = http.json("/api/nodes").path("nodes");

        assertThat(nodes).hasSize(2);
        for (JsonNode node : nodes) {
            assertThat(keys(node)).containsExactly("remote_addresses", "remote_address", "hostname",
                    "broadcast_address", "tcp_port", "http_port", "version", "topics", "out_of_date");
            assertThat(node.path("remote_addresses").isNull()).isTrue();
            assertThat(node.path("version").asText()).isEqualTo("1.3.0");
        }
    }

    @Test
    void aTopicIsSummedOverTheNsqdThatHaveIt() {
        JsonNode both = http.json("/api/topics/both");
        assertThat(both.path("nodes")).hasSize(2);
        assertThat(both.path("message_count").asLong()).isEqualTo(2);

        assertThat(http.json("/api/topics/second_only").path("nodes")).hasSize(1);
        assertThat(http.json("/api/topics/both/c").path("message_count").asLong()).isEqualTo(2);
    }

    @Test
    void actionsReachTheNsqdAndCreatingNeedsNsqlookupd() {
        assertThat(http.send("POST", "/api/topics/both", "{\"action\":\"pause\"}").statusCode()).isEqualTo(200);
        assertThat(cluster.nsqd(0).broker().existingTopic("both").isPaused()).isTrue();
        assertThat(cluster.nsqd(1).broker().existingTopic("both").isPaused()).isTrue();
        assertThat(http.send("POST", "/api/topics/both", "{\"action\":\"unpause\"}").statusCode()).isEqualTo(200);

        // as NSQ: creation only talks to nsqlookupd, so a topic alone is a silent no-op and a channel a 502
        assertThat(http.send("POST", "/api/topics", "{\"topic\":\"nowhere\"}").statusCode()).isEqualTo(200);
        assertThat(cluster.nsqd(0).broker().existingTopic("nowhere")).isNull();
        assertError(http.send("POST", "/api/topics", "{\"topic\":\"nowhere\",\"channel\":\"c\"}"), 502,
                "UPSTREAM_ERROR: failed to query any nsqlookupd: ");
    }

    @Test
    void theShellListsNoNsqlookupd() {
        assertThat(http.get("/lookup").body()).contains("var NSQLOOKUPD = [];");
    }
}
