package io.jnsq.nsqadmin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;
import io.jnsq.nsqadmin.ui.ScriptedHttpServer.Answer;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.TestHttp;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The UI of an nsqadmin given the nsqd themselves ({@code --nsqd-http-address}), no nsqlookupd: a real nsqd, and a
 * scripted one whose channel tracks e2e latency percentiles and topology-aware deliveries (which our nsqd does not
 * count yet).
 */
@Timeout(120)
class NsqadminNsqdModeUiTest {
    /** p99 3 ms and p50 1 ms; of 10 deliveries, 5 in the zone, 3 in the region, 2 elsewhere. */
    private static final String LATENCY = "{\"count\":10,\"percentiles\":[{\"quantile\":0.99,\"value\":3000000},"
            + "{\"quantile\":0.5,\"value\":1000000}]}";
    private static final String STATS = "{\"version\":\"1.3.0\",\"health\":\"OK\",\"start_time\":1700000000,"
            + "\"topics\":[{\"topic_name\":\"latency\",\"depth\":0,\"backend_depth\":0,\"message_count\":10,"
            + "\"paused\":false,\"e2e_processing_latency\":" + LATENCY + ",\"channels\":[{\"channel_name\":\"c\","
            + "\"depth\":0,\"backend_depth\":0,\"in_flight_count\":0,\"deferred_count\":0,\"message_count\":10,"
            + "\"requeue_count\":0,\"timeout_count\":0,\"client_count\":0,\"clients\":[],\"paused\":false,"
            + "\"zone_local_msg_count\":5,\"region_local_msg_count\":3,\"global_msg_count\":2,"
            + "\"e2e_processing_latency\":" + LATENCY + "}]}],\"producers\":[]}";

    private static NsqCluster cluster;
    private static ScriptedHttpServer fakeNsqd;
    private static Nsqadmin admin;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        cluster = NsqCluster.builder().nsqds(1).lookupds(0).start();
        cluster.nsqd(0).broker().topic("orders").channel("billing");
        assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(0), "/pub?topic=orders", "m").statusCode())
                .isEqualTo(200);
        fakeNsqd = new ScriptedHttpServer(NsqadminNsqdModeUiTest::fakeNsqd);
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqdHttpAddresses.addAll(List.of(cluster.nsqdHttpAddresses().get(0), fakeNsqd.address()));
        admin = new Nsqadmin(options).start();
    }

    private static Answer fakeNsqd(URI uri) {
        return switch (uri.getPath()) {
            case "/info" -> Answer.json("{\"version\":\"1.3.0\",\"broadcast_address\":\"127.0.0.1\","
                    + "\"hostname\":\"scripted\",\"http_port\":" + fakeNsqd.port() + ",\"tcp_port\":4150,"
                    + "\"start_time\":1700000000}");
            case "/stats" -> Answer.json(STATS);
            default -> null;
        };
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {browser, admin, cluster, fakeNsqd}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void open(String path) {
        browser.driver.get("http://127.0.0.1:" + admin.httpAddress().getPort() + path);
    }

    private static String text(String css) {
        return browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    private static List<String> headings(String css) {
        return browser.driver.findElements(By.cssSelector(css + " th")).stream().map(WebElement::getText).toList();
    }

    @Test
    void thePagesShowTheNsqdsTopicsAndNodes() {
        open("/");
        assertThat(text("table.topics")).contains("orders", "latency");

        open("/topics/orders");
        assertThat(text("table.channels")).contains("billing");
        assertThat(text("table.stats")).contains(cluster.nsqdHttpAddresses().get(0)).doesNotContain(fakeNsqd.address());

        open("/nodes");
        assertThat(text("table.nodes")).contains(cluster.nsqdHttpAddresses().get(0), fakeNsqd.address(), "scripted");

        open("/lookup");
        assertThat(text("main .notice")).contains("No nsqlookupd configured");
    }

    @Test
    void e2eLatencyHasAColumnPerPercentile() {
        open("/topics/latency");

        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.channels")));
        assertThat(headings("table.channels")).containsSubsequence("CONNECTIONS", "E2E P99", "E2E P50");
        assertThat(text("table.channels")).contains("3.0 ms 1.0 ms");
        assertThat(headings("table.stats")).containsSubsequence("CHANNELS", "E2E P99", "E2E P50");
    }

    @Test
    void theChannelPageBarsWhereItsMessagesWereDelivered() throws Exception {
        open("/topics/latency/c");

        WebElement bar = browser.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table.stats tr.total .delivery")));
        assertThat(bar.getDomAttribute("title")).isEqualTo("zone-local 50%, region-local 30%, global 20%");
        assertThat(bar.findElement(By.cssSelector(".zone")).getDomAttribute("style")).isEqualTo("width: 50%");
        assertThat(bar.findElement(By.cssSelector(".global")).getDomAttribute("style")).isEqualTo("width: 20%");
        assertThat(headings("table.stats")).containsSubsequence("CONNECTIONS", "DELIVERY", "E2E P99", "E2E P50");
        assertThat(text("table.stats tr.total")).endsWith("3.0 ms 1.0 ms");
        browser.screenshot("channel-delivery");
    }
}
