package io.jnsq.nsqadmin;

import static io.jnsq.nsqadmin.AdminHttp.keys;
import static io.jnsq.nsqadmin.AdminHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our {@code /api/history} routes over a live cluster of two nsqd: what the charts draw. */
@Timeout(60)
class NsqadminHistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static NsqCluster cluster;
    private static Nsqadmin admin;
    private static AdminHttp http;

    @BeforeAll
    static void start() throws Exception {
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        for (int i = 0; i < 2; i++) {
            cluster.nsqd(i).broker().topic("h").channel("c");
            assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(i), "/pub?topic=h", "m").statusCode())
                    .isEqualTo(200);
        }
        cluster.awaitProducers("h", 2);
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        options.historyInterval = Duration.ofMillis(100);
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

    /** The history once it holds at least three polls. */
    private static JsonNode history(String path) {
        return Await.untilNonNull(WAIT, () -> {
            HttpResponse<String> response = http.get(path);
            JsonNode json = response.statusCode() == 200 ? parse(response.body()) : null;
            return json != null && json.path("time").size() >= 3 ? json : null;
        }, path + " to hold three polls");
    }

    @Test
    void aTopicsHistoryIsColumnsOfItsNsqdSummed() {
        JsonNode json = history("/api/history/topics/h");

        assertThat(keys(json)).containsExactly("interval_seconds", "time", "message_rate", "depth", "in_flight",
                "requeue_rate", "timeout_rate", "e2e_latency_ms");
        assertThat(json.path("interval_seconds").asDouble()).isEqualTo(0.1);
        int polls = json.path("time").size();
        assertThat(json.path("depth").size()).isEqualTo(polls);
        // the two messages wait in the channels of both nsqd; nothing more was published
        assertThat(json.path("depth").get(polls - 1).asDouble()).isEqualTo(2);
        assertThat(json.path("message_rate").get(0).isNull()).isTrue();
        assertThat(json.path("message_rate").get(polls - 1).asDouble()).isZero();
        assertThat(json.path("e2e_latency_ms").get(polls - 1).isNull()).isTrue();
        assertThat(json.path("time").get(polls - 1).asDouble()).isGreaterThan(json.path("time").get(0).asDouble());
    }

    @Test
    void aChannelsAndANodesHistory() {
        assertThat(history("/api/history/topics/h/c").path("depth").get(0).asDouble()).isEqualTo(2);
        String node = cluster.nsqdHttpAddresses().get(1);
        assertThat(history("/api/history/nodes/" + node).path("depth").get(0).asDouble()).isEqualTo(1);
    }

    @Test
    void whatWasNeverSeenHasNoHistory() {
        HttpResponse<String> response = http.get("/api/history/topics/none");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"HISTORY_NOT_FOUND\"}");
        assertThat(http.get("/api/history/topics/h/none").statusCode()).isEqualTo(404);
    }

    @Test
    void closingStopsThePoller() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        Nsqadmin other = new Nsqadmin(options).start();
        Thread poller = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("nsqadmin-history-") && !before.contains(t))
                .findFirst().orElseThrow();

        other.close();

        Await.until(WAIT, () -> !poller.isAlive(), "the history's poller to end");
    }
}
