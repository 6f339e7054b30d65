package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our /stats JSON against the bytes nsqd 1.3 wrote in the reference's observed examples. */
class StatsJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String json(StatsJson stats) throws Exception {
        return MAPPER.writeValueAsString(stats);
    }

    @Test
    void theFullExampleIsWrittenByteForByte() throws Exception {
        // the reference is pretty-printed; NSQ sends it compact, which Jackson's tree gives back in key order
        String expected = MAPPER.writeValueAsString(MAPPER.readTree(StatsExample.resource("stats-example.json")));

        String actual = json(new StatsJson("OK", StatsExample.START_TIME, StatsExample.stats(), StatsExample.memory()));

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theFilteredExampleIsWrittenByteForByte() throws Exception {
        ChannelStats channel = new ChannelStats("demo_channel", 0, 0, 0, 0, 7, 0, 0, 7, 0, 0, 1, null, false,
                LatencyPercentiles.NONE);
        TopicStats topic = new TopicStats("demo_topic", List.of(channel), 0, 0, 7, 39, false, LatencyPercentiles.NONE);

        String actual = json(new StatsJson("OK", 1795262521, new NsqdStats(List.of(topic), null), null));

        assertThat(actual).isEqualTo(StatsExample.resource("stats-filtered-example.json").strip());
    }

    @Test
    void anUnknownTopicIsNullTopicsAndProducers() throws Exception {
        String actual = json(new StatsJson("NOK - disk full", 1, new NsqdStats(null, null), null));

        assertThat(actual).isEqualTo(
                "{\"version\":\"1.3.0\",\"health\":\"NOK - disk full\",\"start_time\":1,\"topics\":null,\"producers\":null}");
    }

    @Test
    void authFieldsAppearOnlyWhenSetAndPubCountsListEveryTopic() throws Exception {
        ClientStats authed = new ClientStats("id", "host", "V2", "127.0.0.1:1", 0, 0, 0, 0, 0, 0, 5, 0, true, false,
                "ua", true, "alice", "https://id/alice", "z", "r",
                List.of(new ClientStats.PubCount("a", 1), new ClientStats.PubCount("b", 2)), true,
                "TLS_AES_128_GCM_SHA256", "TLS1.3", "", false);

        String actual = json(new StatsJson("OK", 1, new NsqdStats(List.of(), List.of(authed)), null));

        assertThat(actual).isEqualTo("{\"version\":\"1.3.0\",\"health\":\"OK\",\"start_time\":1,\"topics\":[],"
                + "\"producers\":[{\"client_id\":\"id\",\"hostname\":\"host\",\"version\":\"V2\","
                + "\"remote_address\":\"127.0.0.1:1\",\"state\":0,\"ready_count\":0,\"in_flight_count\":0,"
                + "\"message_count\":0,\"finish_count\":0,\"requeue_count\":0,\"connect_ts\":5,\"sample_rate\":0,"
                + "\"deflate\":true,\"snappy\":false,\"user_agent\":\"ua\",\"authed\":true,\"auth_identity\":\"alice\","
                + "\"auth_identity_url\":\"https://id/alice\",\"topology_zone\":\"z\",\"topology_region\":\"r\","
                + "\"pub_counts\":[{\"topic\":\"a\",\"count\":1},{\"topic\":\"b\",\"count\":2}],\"tls\":true,"
                + "\"tls_cipher_suite\":\"TLS_AES_128_GCM_SHA256\",\"tls_version\":\"TLS1.3\","
                + "\"tls_negotiated_protocol\":\"\",\"tls_negotiated_protocol_is_mutual\":false}]}");
    }

    @Test
    void stringsAreEscapedAsGoEscapesThem() throws Exception {
        ClientStats odd = new ClientStats("<a&b>", "h\u0008\u000c\n\u001f", "V2", "x", 0, 0, 0, 0, 0, 0, 0, 0, false,
                false, "\u2028é", false, "", "", "", "", List.of(new ClientStats.PubCount("t", 1)), false, "", "", "",
                false);

        String actual = json(new StatsJson("OK", 1, new NsqdStats(List.of(), List.of(odd)), null));

        assertThat(actual).contains("\"client_id\":\"\\u003ca\\u0026b\\u003e\"")
                .contains("\"hostname\":\"h\\u0008\\u000c\\n\\u001f\"")
                .contains("\"user_agent\":\"\\u2028é\"");
    }
}
