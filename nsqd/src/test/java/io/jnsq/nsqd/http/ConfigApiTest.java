package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.ConfigOptions;
import io.jnsq.nsqd.NsqdOptions;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET and PUT /config/:opt: every option by NSQ's name, encoded as NSQ encodes it, and the two writable ones. */
class ConfigApiTest extends HttpApiTestBase {
    /** What nsqd handed its log level listener, as the nsqd binary's logging would get it. */
    private final List<String> levelsApplied = new CopyOnWriteArrayList<>();

    @Override
    void configure(NsqdOptions options) {
        options.nodeId = 617;
        options.nsqlookupdTcpAddresses.add("127.0.0.1:4160");
        options.enableExperiments.add("topology-aware-consumption");
        options.e2eProcessingLatencyPercentiles.addAll(List.of(1.0, 0.99, 0.5));
        options.tlsMinVersion = "tls1.2";
    }

    @BeforeEach
    void listenToLogLevels() {
        nsqd.onLogLevelChange(levelsApplied::add);
    }

    /** An answer's body, and whether it is JSON or, for a string option, the raw text (NSQ's V1 format). */
    private record Answer(String body, boolean isJson) {
    }

    private static Answer json(String body) {
        return new Answer(body, true);
    }

    private static Answer text(String body) {
        return new Answer(body, false);
    }

    /**
     * NSQ's names of nsqd's flag-backed options (its Options struct), with what this nsqd answers for each. A
     * string option comes back as raw text, not as a JSON string: NSQ's V1 responder writes a string result as
     * it is.
     */
    private Map<String, Answer> expectedOptions() {
        Map<String, Answer> expected = new LinkedHashMap<>();
        expected.put("id", json("617"));
        expected.put("log_level", json("2"));
        expected.put("log_prefix", text("[nsqd] "));
        expected.put("https_address", text("0.0.0.0:4152"));
        expected.put("http_address", text("127.0.0.1:0"));
        expected.put("tcp_address", text("127.0.0.1:0"));
        expected.put("auth_http_addresses", json("[]"));
        expected.put("auth_http_request_method", text("get"));
        expected.put("http_auth_required", json("false")); // jnsq's own
        expected.put("sigterm", text("clean-shutdown")); // jnsq's own
        expected.put("broadcast_address", text("broadcast.example"));
        // as NSQ, ports left at 0 show the bound ones, and the statsd prefix its host key
        expected.put("broadcast_tcp_port", json(Integer.toString(nsqd.tcpAddress().getPort())));
        expected.put("broadcast_http_port", json(Integer.toString(http.getPort())));
        expected.put("nsqlookupd_tcp_addresses", json("[\"127.0.0.1:4160\"]"));
        expected.put("http_client_connect_timeout", json("2000000000"));
        expected.put("http_client_request_timeout", json("5000000000"));
        expected.put("topology_region", text(""));
        expected.put("topology_zone", text("zone-a"));
        expected.put("enable_experiment", json("[\"topology-aware-consumption\"]"));
        expected.put("data_path", text(dataPath.toString()));
        expected.put("mem_queue_size", json("10000"));
        expected.put("max_bytes_per_file", json("104857600"));
        expected.put("sync_every", json("2500"));
        expected.put("sync_timeout", json("2000000000"));
        expected.put("queue_scan_worker_pool_max", json("4"));
        expected.put("queue_scan_selection_count", json("20"));
        expected.put("msg_timeout", json("60000000000"));
        expected.put("max_msg_timeout", json("900000000000"));
        expected.put("max_msg_size", json("100"));
        expected.put("max_req_timeout", json("3600000000000"));
        expected.put("max_body_size", json("1000"));
        expected.put("max_heartbeat_interval", json("60000000000"));
        expected.put("max_rdy_count", json("2500"));
        expected.put("max_output_buffer_size", json("65536"));
        expected.put("max_output_buffer_timeout", json("30000000000"));
        expected.put("min_output_buffer_timeout", json("25000000"));
        expected.put("output_buffer_timeout", json("250000000"));
        expected.put("max_channel_consumers", json("0"));
        expected.put("statsd_address", text(""));
        expected.put("statsd_interval", json("60000000000"));
        expected.put("statsd_mem_stats", json("true"));
        expected.put("statsd_prefix", text("nsq.broadcast_example_" + http.getPort() + "."));
        expected.put("statsd_udp_packet_size", json("508"));
        expected.put("statsd_exclude_ephemeral", json("false"));
        expected.put("e2e_processing_latency_percentiles", json("[1,0.99,0.5]"));
        expected.put("e2e_processing_latency_window_time", json("600000000000"));
        expected.put("tls_cert", text(""));
        expected.put("tls_key", text(""));
        expected.put("tls_client_auth_policy", text(""));
        expected.put("tls_root_ca_file", text(""));
        expected.put("tls_required", json("0"));
        expected.put("tls_min_version", json("771"));
        expected.put("deflate", json("true"));
        expected.put("max_deflate_level", json("6"));
        expected.put("snappy", json("true"));
        return expected;
    }

    @Test
    void everyFlagBackedOptionByNsqsName() throws Exception {
        Map<String, Answer> expected = expectedOptions();
        assertThat(expected).hasSize(55);
        assertThat(ConfigOptions.names()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, Answer> option : expected.entrySet()) {
            HttpResponse<String> response = get("/config/" + option.getKey());
            Answer answer = option.getValue();
            assertThat(response.statusCode()).as(option.getKey()).isEqualTo(200);
            assertThat(response.body()).as(option.getKey()).isEqualTo(answer.body());
            String contentType = answer.isJson() ? JSON : answer.body().isEmpty() ? null : TEXT;
            assertThat(header(response, "Content-Type")).as(option.getKey()).isEqualTo(contentType);
            assertThat(header(response, "X-NSQ-Content-Type")).isEqualTo(NSQ_V1);
        }
    }

    @Test
    void unknownOptionsAreInvalid() throws Exception {
        // the config name, not the flag name: --node-id is "id"; flags without an option have none
        for (String name : new String[] {"node_id", "node-id", "lookupd_tcp_address", "nope", "verbose", "version",
                "config", "worker_id", "Log_Level"}) {
            assertError(get("/config/" + name), 400, "INVALID_OPTION");
        }
        // an escaped name is unescaped before matching, as Go's router does
        assertJson(get("/config/log%5Flevel"), "2");
    }

    @Test
    void putNsqlookupdTcpAddressesReplacesThem() throws Exception {
        assertJson(put("/config/nsqlookupd_tcp_addresses", "[\"a:4160\",\"b:4160\"]"), "[\"a:4160\",\"b:4160\"]");
        assertJson(get("/config/nsqlookupd_tcp_addresses"), "[\"a:4160\",\"b:4160\"]");
        assertThat(nsqd.nsqlookupdTcpAddresses()).containsExactly("a:4160", "b:4160");
        assertJson(put("/config/nsqlookupd_tcp_addresses", " [ \"c:4160\" ]\n"), "[\"c:4160\"]");
        assertJson(put("/config/nsqlookupd_tcp_addresses", "[]"), "[]");
        assertJson(put("/config/nsqlookupd_tcp_addresses", "null"), "[]");
        assertThat(nsqd.nsqlookupdTcpAddresses()).isEmpty();
    }

    @Test
    void putNsqlookupdTcpAddressesErrors() throws Exception {
        for (String bad : new String[] {"\"a:4160\"", "[1]", "[\"a\",null]", "{}", "[", "[\"a\"] x", "'a'", " "}) {
            assertError(put("/config/nsqlookupd_tcp_addresses", bad), 400, "INVALID_VALUE");
        }
        assertError(put("/config/nsqlookupd_tcp_addresses", ""), 413, "INVALID_VALUE");
        // the body may be up to --max-msg-size (100 here) bytes
        String longest = "[\"" + "x".repeat((int) MAX_MSG - 4) + "\"]";
        assertJson(put("/config/nsqlookupd_tcp_addresses", longest), longest);
        assertError(put("/config/nsqlookupd_tcp_addresses", longest + " "), 413, "INVALID_VALUE");
        assertThat(nsqd.nsqlookupdTcpAddresses()).containsExactly("x".repeat((int) MAX_MSG - 4));
    }

    @Test
    void putLogLevelAppliesAtOnce() throws Exception {
        assertJson(put("/config/log_level", "warn"), "3");
        assertJson(get("/config/log_level"), "3");
        assertThat(nsqd.logLevel()).isEqualTo("warn");
        // any case, as NSQ's lg.ParseLogLevel
        assertJson(put("/config/log_level", "ERROR"), "4");
        assertJson(put("/config/log_level", "Fatal"), "5");
        assertJson(put("/config/log_level", "error"), "4");
        assertThat(levelsApplied).containsExactly("warn", "error", "fatal", "error");
    }

    @Test
    void putLogLevelErrors() throws Exception {
        // the raw body is the level: not JSON, no newline
        for (String bad : new String[] {"verbose", "\"warn\"", "warn\n", "3", "warning"}) {
            assertError(put("/config/log_level", bad), 400, "INVALID_VALUE");
        }
        assertError(put("/config/log_level", ""), 413, "INVALID_VALUE");
        assertError(put("/config/log_level", "w".repeat((int) MAX_MSG + 1)), 413, "INVALID_VALUE");
        assertJson(get("/config/log_level"), "2");
        assertThat(levelsApplied).isEmpty();
    }

    @Test
    void putCheckOrderIsBodyThenOptionThenValue() throws Exception {
        assertError(put("/config/nope", ""), 413, "INVALID_VALUE");
        assertError(put("/config/nope", "x".repeat((int) MAX_MSG + 1)), 413, "INVALID_VALUE");
        assertError(put("/config/nope", "x"), 400, "INVALID_OPTION");
        // readable is not writable
        assertError(put("/config/mem_queue_size", "5"), 400, "INVALID_OPTION");
        assertJson(get("/config/mem_queue_size"), "10000");
    }

    @Test
    void putDeclaringTooLongABodyIsRefusedBeforeItIsSent() throws Exception {
        try (RawHttp raw = raw()) {
            RawHttp.Response response = raw.send(
                    "PUT /config/log_level HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"message\":\"INVALID_VALUE\"}");
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
