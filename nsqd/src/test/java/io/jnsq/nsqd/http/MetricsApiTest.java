package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
// Classes generated from Prometheus's metrics.proto, shipped (shaded) in prometheus-metrics-exposition-formats;
// the package names the protobuf version the client was built with, so it changes with the client's version.
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_5.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_5.Metrics.MetricFamily;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_5.Metrics.MetricType;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_5.Metrics.Quantile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics, its values read back with a parser of the Prometheus project's own. The Java client has writers
 * only, and Prometheus has no parser for Java or JavaScript; what it does define for every language is its
 * protobuf exposition format ({@code io.prometheus.client.MetricFamily}, length-delimited), which a Prometheus
 * server asks for in {@code Accept} and which the client library ships classes for, generated from that
 * {@code .proto}. So these tests scrape as a server would, asking for protobuf, and parse with
 * {@code MetricFamily.parseDelimitedFrom}: every value asserted went through the official writer and the
 * official format. The text and OpenMetrics answers come from the same library's writers over the same
 * snapshots; their tests check negotiation, content types and a sample line.
 *
 * <p>Scenario: topic {@code t} with channels {@code c} (a consumer: one message finished, one requeued with a
 * delay, one in flight) and {@code idle}; e2e percentiles 1.0 and 0.5.
 */
class MetricsApiTest extends HttpApiTestBase {
    private static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";
    private final List<WireClient> clients = new ArrayList<>();

    @Override
    void configure(NsqdOptions options) {
        options.e2eProcessingLatencyPercentiles.addAll(List.of(1.0, 0.5));
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WireClient::close);
    }

    private WireClient connect() {
        WireClient client = WireClient.connect(nsqd.tcpAddress(), TIMEOUT);
        clients.add(client);
        return client;
    }

    private HttpResponse<byte[]> getMetrics(String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort()
                + "/metrics")).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.GET().build(), BodyHandlers.ofByteArray());
    }

    /** A scrape as a Prometheus server asks for it, parsed into families by name. */
    private Map<String, MetricFamily> scrape() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = getMetrics("Accept", PROTOBUF + ";q=0.6,text/plain;version=0.0.4;q=0.3");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        InputStream in = new ByteArrayInputStream(response.body());
        MetricFamily family;
        while ((family = MetricFamily.parseDelimitedFrom(in)) != null) {
            assertThat(families.put(family.getName(), family)).as("family %s twice", family.getName()).isNull();
        }
        return families;
    }

    /** The one metric of {@code name} with exactly these labels. */
    private static Metric metric(Map<String, MetricFamily> families, String name, MetricType type,
                                 String... labels) {
        MetricFamily family = families.get(name);
        assertThat(family).as("family %s in %s", name, families.keySet()).isNotNull();
        assertThat(family.getType()).as("type of %s", name).isEqualTo(type);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Metric> found = family.getMetricList().stream().filter(m -> {
            Map<String, String> actual = new LinkedHashMap<>();
            m.getLabelList().forEach(l -> actual.put(l.getName(), l.getValue()));
            return actual.equals(wanted);
        }).toList();
        assertThat(found).as("%s%s", name, wanted).hasSize(1);
        return found.get(0);
    }

    private static double gauge(Map<String, MetricFamily> families, String name, String... labels) {
        return metric(families, name, MetricType.GAUGE, labels).getGauge().getValue();
    }

    private static double counter(Map<String, MetricFamily> families, String name, String... labels) {
        return metric(families, name, MetricType.COUNTER, labels).getCounter().getValue();
    }

    private static double channelGauge(Map<String, MetricFamily> families, String name, String channel) {
        return gauge(families, name, "channel", channel, "topic", "t");
    }

    private static double channelCounter(Map<String, MetricFamily> families, String name, String channel) {
        return counter(families, name, "channel", channel, "topic", "t");
    }

    private void awaitChannel(String channel, long depth, long inFlight, long deferred, int clients) {
        Await.until(TIMEOUT, () -> {
            Channel c = nsqd.broker().existingTopic("t").existingChannel(channel);
            return c.depth() == depth && c.inFlightCount() == inFlight && c.deferredCount() == deferred
                    && c.clients().size() == clients;
        }, "channel " + channel + " to hold depth " + depth + ", in flight " + inFlight + ", deferred " + deferred
                + ", clients " + clients);
    }

    /** Publishes aa, bbb and c; the consumer on c finishes the first, requeues the second for 60 s, holds the third. */
    private WireClient playScenario() {
        nsqd.broker().topic("t").channel("idle");
        WireClient consumer = connect().sub("t", "c").expectOk().rdy(1);
        connect().pub("t", "aa").expectOk().pub("t", "bbb").expectOk().pub("t", "c").expectOk();
        consumer.fin(consumer.readMessage().id());
        Message second = consumer.readMessage();
        consumer.req(second.id(), 60_000);
        consumer.readMessage();
        awaitChannel("c", 0, 1, 1, 1);
        awaitChannel("idle", 3, 0, 0, 0);
        return consumer;
    }

    @Test
    void topicAndChannelGaugesAndCountersFollowPublishFinReqAndTimeout() throws Exception {
        WireClient consumer = playScenario();

        Map<String, MetricFamily> metrics = scrape();

        assertThat(gauge(metrics, "nsq_topic_depth", "topic", "t")).isEqualTo(0);
        assertThat(gauge(metrics, "nsq_topic_backend_depth", "topic", "t")).isEqualTo(0);
        assertThat(counter(metrics, "nsq_topic_messages_total", "topic", "t")).isEqualTo(3);
        assertThat(counter(metrics, "nsq_topic_message_bytes_total", "topic", "t")).isEqualTo(6);
        assertThat(gauge(metrics, "nsq_topic_paused", "topic", "t")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_depth", "c")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_backend_depth", "c")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_in_flight_messages", "c")).isEqualTo(1);
        assertThat(channelGauge(metrics, "nsq_channel_deferred_messages", "c")).isEqualTo(1);
        assertThat(channelCounter(metrics, "nsq_channel_messages_total", "c")).isEqualTo(3);
        assertThat(channelCounter(metrics, "nsq_channel_requeues_total", "c")).isEqualTo(1);
        assertThat(channelCounter(metrics, "nsq_channel_timeouts_total", "c")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_clients", "c")).isEqualTo(1);
        assertThat(channelGauge(metrics, "nsq_channel_depth", "idle")).isEqualTo(3);
        assertThat(channelCounter(metrics, "nsq_channel_messages_total", "idle")).isEqualTo(3);
        assertThat(channelGauge(metrics, "nsq_channel_clients", "idle")).isEqualTo(0);

        // the consumer leaves: its message in flight is taken back as a timeout
        consumer.close();
        nsqd.broker().existingTopic("t").existingChannel("idle").pause();
        awaitChannel("c", 1, 0, 1, 0);
        metrics = scrape();

        assertThat(channelCounter(metrics, "nsq_channel_timeouts_total", "c")).isEqualTo(1);
        assertThat(channelGauge(metrics, "nsq_channel_in_flight_messages", "c")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_depth", "c")).isEqualTo(1);
        assertThat(channelGauge(metrics, "nsq_channel_clients", "c")).isEqualTo(0);
        assertThat(channelGauge(metrics, "nsq_channel_paused", "idle")).isEqualTo(1);
        assertThat(channelGauge(metrics, "nsq_channel_paused", "c")).isEqualTo(0);
    }

    @Test
    void e2eLatencyIsASummaryOfTheConfiguredQuantilesInSeconds() throws Exception {
        long start = System.nanoTime();
        playScenario();
        Await.until(TIMEOUT, () -> nsqd.broker().stats("t", "c", false).topics().get(0).channels().get(0)
                .e2eProcessingLatency().count() == 1, "the FIN to be measured");
        double bound = (System.nanoTime() - start) / 1e9 * 1.02; // HdrHistogram's 1 %

        Map<String, MetricFamily> metrics = scrape();

        for (Metric m : List.of(
                metric(metrics, "nsq_channel_e2e_processing_latency_seconds", MetricType.SUMMARY, "channel", "c",
                        "topic", "t"),
                metric(metrics, "nsq_topic_e2e_processing_latency_seconds", MetricType.SUMMARY, "topic", "t"))) {
            assertThat(m.getSummary().getQuantileList()).extracting(Quantile::getQuantile).containsExactly(0.5, 1.0);
            assertThat(m.getSummary().getQuantileList()).allSatisfy(q ->
                    assertThat(q.getValue()).isPositive().isLessThanOrEqualTo(bound));
            assertThat(m.getSummary().hasSampleCount()).isFalse(); // a window's count is no counter
        }
        Metric idle = metric(metrics, "nsq_channel_e2e_processing_latency_seconds", MetricType.SUMMARY,
                "channel", "idle", "topic", "t");
        assertThat(idle.getSummary().getQuantileList()).allSatisfy(q -> assertThat(q.getValue()).isNaN());
    }

    @Test
    void theJvmsMetricsComeWithNsqdsOwn() throws Exception {
        nsqd.broker().topic("t");

        Map<String, MetricFamily> metrics = scrape();

        assertThat(gauge(metrics, "jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(gauge(metrics, "jvm_threads_current")).isPositive();
        assertThat(metrics).containsKeys("jvm_gc_collection_seconds", "process_cpu_seconds_total",
                "nsq_topic_depth");
    }

    @Test
    void withoutTopicsThereAreNoNsqFamilies() throws Exception {
        assertThat(scrape().keySet()).noneMatch(name -> name.startsWith("nsq_")).contains("jvm_memory_used_bytes");
    }

    @Test
    void withoutE2ePercentilesThereIsNoLatencySummary() throws Exception {
        nsqd.close();
        NsqdOptions options = nsqd.options();
        options.e2eProcessingLatencyPercentiles.clear();
        nsqd = new Nsqd(options).start();
        http = nsqd.httpAddress();
        nsqd.broker().topic("t").channel("c");

        assertThat(scrape()).containsKey("nsq_channel_depth")
                .doesNotContainKeys("nsq_channel_e2e_processing_latency_seconds",
                        "nsq_topic_e2e_processing_latency_seconds");
    }

    @Test
    void prometheusTextIsTheDefault() throws Exception {
        nsqd.broker().topic("t").channel("c");

        HttpResponse<byte[]> response = getMetrics();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT_0_0_4);
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .contains("# TYPE nsq_channel_messages_total counter\n")
                .contains("nsq_channel_depth{channel=\"c\",topic=\"t\"} 0.0\n");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        nsqd.broker().topic("t");

        HttpResponse<byte[]> response = getMetrics("Accept", "application/openmetrics-text;version=1.0.0");

        assertThat(header(response, "Content-Type")).isEqualTo(
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
    }

    @Test
    void gzippedWhenTheScraperAcceptsIt() throws Exception {
        nsqd.broker().topic("t");

        HttpResponse<byte[]> response = getMetrics("Accept-Encoding", "gzip");

        assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(response, "Content-Type")).isEqualTo(TEXT_0_0_4);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("nsq_topic_depth{topic=\"t\"} 0.0\n");
        }
    }

    @Test
    void onlyGetIsServedAsEveryNsqRoute() throws Exception {
        HttpResponse<String> response = post("/metrics", "");

        assertError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(header(response, "Allow")).isEqualTo("GET, OPTIONS");
    }

    @Test
    void aScrapeOfManyTopicsStaysQuick() throws Exception {
        for (int t = 0; t < 200; t++) {
            for (int c = 0; c < 5; c++) {
                // ephemeral: no disk queue and no nsqd.dat rewrite for each of them
                nsqd.broker().topic("topic_" + t + "#ephemeral").channel("channel_" + c + "#ephemeral");
            }
        }
        scrape(); // warm up

        long start = System.nanoTime();
        Map<String, MetricFamily> metrics = scrape();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(metrics.get("nsq_channel_depth").getMetricCount()).isEqualTo(1000);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }
}
