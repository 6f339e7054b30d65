package io.jnsq.nsqadmin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;
import io.jnsq.nsqadmin.ui.ScriptedHttpServer.Answer;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.TestHttp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Graphite in the pages ({@code --graphite-url}), against a fake graphite that draws every graph as a blank PNG and
 * answers every JSON render with one datapoint of 120 messages: 2.00 a second over the statsd interval of 60 s. One
 * nsqadmin sends the browser to graphite itself; another, under {@code --base-path=/admin}, proxies it.
 */
@Timeout(120)
class NsqadminGraphiteUiTest {
    private static final String DATAPOINTS = "[{\"target\":\"t\",\"datapoints\":[[120.0,1700000000]]}]";

    private static ScriptedHttpServer graphite;
    private static NsqCluster cluster;
    private static Nsqadmin direct;
    private static Nsqadmin proxied;
    private static Browser browser;
    private static String node;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        byte[] png = png();
        graphite = new ScriptedHttpServer(uri -> !uri.getPath().equals("/render") ? null
                : String.valueOf(uri.getQuery()).contains("format=json") ? Answer.json(DATAPOINTS)
                : new Answer("image/png", png));
        cluster = NsqCluster.builder().nsqds(1).lookupds(1).start();
        cluster.nsqd(0).broker().topic("orders").channel("billing");
        assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(0), "/pub?topic=orders", "m").statusCode())
                .isEqualTo(200);
        cluster.awaitProducers("orders", 1);
        node = cluster.nsqdHttpAddresses().get(0);
        direct = new Nsqadmin(options(false)).start();
        proxied = new Nsqadmin(options(true)).start();
    }

    private static NsqadminOptions options(boolean proxy) {
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        options.graphiteUrl = "http://" + graphite.address();
        options.proxyGraphite = proxy;
        if (proxy) {
            options.basePath = "/admin";
        }
        return options;
    }

    private static byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(120, 20, BufferedImage.TYPE_INT_ARGB), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {browser, direct, proxied, cluster, graphite}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void open(Nsqadmin admin, String path) {
        browser.driver.get("http://127.0.0.1:" + admin.httpAddress().getPort() + path);
    }

    /** The src of the first image the CSS selects, as the page wrote it, once drawn. */
    private static String src(String css) {
        return browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css))).getDomAttribute("src");
    }

    /** A URL's query parameters, decoded. */
    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String summarized(String key) {
        return "summarize(sumSeries(" + key + "),\"60sec\",\"avg\")";
    }

    private static String hostKey() {
        return node.replace('.', '_').replace(':', '_');
    }

    @Test
    void theTopicsListDrawsSparklinesFromGraphiteAndItsRate() throws Exception {
        open(direct, "/?t=1h");

        String depth = src("table.topics img.sparkline[data-metric=depth]");
        assertThat(depth).startsWith("http://" + graphite.address() + "/render?");
        assertThat(query(depth)).containsEntry("target", summarized("stats.gauges.nsq.*.topic.orders.depth"))
                .containsEntry("from", "-1h").containsEntry("until", "-1min")
                .containsEntry("width", "120").containsEntry("height", "20");
        assertThat(query(src("table.topics img.sparkline[data-metric=message_count]"))).containsEntry("target",
                summarized("stats.counters.nsq.*.topic.orders.message_count.count"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.topics .rate"),
                "2.00"));
        assertThat(graphite.received()).anySatisfy(uri -> assertThat(query(uri.toString()))
                .containsEntry("format", "json").containsEntry("from", "-120sec").containsEntry("until", "-60sec")
                .containsEntry("target", "sumSeries(stats.counters.nsq.*.topic.orders.message_count.count)"));
        browser.screenshot("graphite-topics");
    }

    @Test
    void theTopicPageGraphsEachNsqdAndTheTopicLarge() throws Exception {
        open(direct, "/topics/orders?t=1h");

        assertThat(query(src("table.stats tr:not(.total) img.sparkline[data-metric=depth]")))
                .containsEntry("target", summarized("stats.gauges.nsq." + hostKey() + ".topic.orders.depth"));
        String large = src(".graphite img[data-metric=message_count]");
        assertThat(query(large)).containsEntry("width", "800").containsEntry("height", "450")
                .containsEntry("target", "scale(" + summarized("stats.counters.nsq.*.topic.orders.message_count.count")
                        + "," + 1.0 / 60 + ")");
        WebElement link = browser.driver.findElement(By.cssSelector("table.stats tr.total a.sparkline"));
        assertThat(query(link.getDomAttribute("href"))).containsEntry("width", "800");
        assertThat(browser.driver.findElements(By.cssSelector("table.stats th")).stream().map(WebElement::getText))
                .contains("RATE");
        browser.until(d -> d.findElements(By.cssSelector("table.stats .rate")).stream()
                .allMatch(cell -> cell.getText().equals("2.00")));
        browser.screenshot("graphite-topic");
    }

    @Test
    void theChannelPageGraphsTheChannel() {
        open(direct, "/topics/orders/billing?t=1h");

        assertThat(query(src("table.stats tr.total img.sparkline[data-metric=message_count]"))).containsEntry("target",
                summarized("stats.counters.nsq.*.topic.orders.channel.billing.message_count.count"));
        assertThat(query(src(".graphite img[data-metric=depth]")))
                .containsEntry("target", summarized("stats.gauges.nsq.*.topic.orders.channel.billing.depth"));
    }

    @Test
    void theNodePageGraphsItsTopicsAndItsMemory() {
        open(direct, "/nodes/" + node + "?t=1h");

        assertThat(query(src("table.stats img.sparkline[data-metric=depth]")))
                .containsEntry("target", summarized("stats.gauges.nsq." + hostKey() + ".topic.orders.depth"));
        assertThat(query(src(".graphite img[data-metric=gc_runs]"))).containsEntry("target",
                "scale(" + summarized("stats.counters.nsq." + hostKey() + ".mem.gc_runs.count") + "," + 1.0 / 60 + ")");
        assertThat(query(src(".graphite img[data-metric=heap_in_use_bytes]")))
                .containsEntry("target", summarized("stats.gauges.nsq." + hostKey() + ".mem.heap_in_use_bytes"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.stats .rate"),
                "2.00"));
    }

    @Test
    void theTimeframeMenuChangesEveryGraphAndOffHidesThem() {
        open(direct, "/topics/orders?t=2h");
        assertThat(query(src("img.sparkline"))).containsEntry("from", "-2h");

        new Select(browser.until(ExpectedConditions.elementToBeClickable(By.id("graph-interval"))))
                .selectByValue("12h");

        browser.until(d -> query(src(".graphite img")).get("from").equals("-12h"));
        open(direct, "/topics/orders/billing");
        assertThat(query(src("img.sparkline"))).containsEntry("from", "-12h");

        WebElement menu = browser.until(ExpectedConditions.elementToBeClickable(By.id("graph-interval")));
        new Select(menu).selectByValue("off");

        browser.until(ExpectedConditions.stalenessOf(menu));
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.stats")));
        assertThat(browser.driver.findElements(By.cssSelector("img.sparkline, .graphite, .rate"))).isEmpty();
        open(direct, "/topics/orders?t=2h");
        src("img.sparkline");
    }

    @Test
    void proxiedGraphiteIsAskedThroughTheBasePathsRender() throws Exception {
        int renders = graphite.received().size();
        open(proxied, "/admin/topics/orders?t=1h");

        String depth = src("table.stats img.sparkline[data-metric=depth]");
        assertThat(depth).startsWith("/admin/render?");
        browser.until(d -> (Boolean) browser.driver.executeScript("return [...document.querySelectorAll("
                + "'img.sparkline')].every(img => img.complete && img.naturalWidth === 120);"));
        assertThat(graphite.received().subList(renders, graphite.received().size()))
                .anySatisfy(uri -> assertThat(uri.getRawQuery()).doesNotContain("format=json").contains("width=120"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.stats .rate"),
                "2.00"));
    }

    @Test
    void everyPageAndAssetWorksUnderTheBasePath() {
        // each page's path, its title, and what it draws from the API once that answered
        List<List<String>> pages = List.of(List.of("/admin/", "Topics", "table.topics"),
                List.of("/admin/topics/orders", "Topic orders", "table.channels"),
                List.of("/admin/topics/orders/billing", "Channel billing", "table.stats"),
                List.of("/admin/nodes", "Nodes", "table.nodes"), List.of("/admin/nodes/" + node, "nsqd " + node,
                        ".totals"), List.of("/admin/counter", "Messages processed", ".counter-rate:not(:empty)"),
                List.of("/admin/lookup", "Lookup", "main .notice"));
        for (List<String> page : pages) {
            open(proxied, page.get(0));

            browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), page.get(1)));
            browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(page.get(2))));
            assertThat(browser.driver.findElement(By.id("error")).isDisplayed()).as(page.get(0)).isFalse();
            assertThat(browser.driver.findElements(By.cssSelector("a[href]")).stream()
                    .map(a -> a.getDomAttribute("href"))).as(page.get(0)).allMatch(href -> href.startsWith("/admin/")
                    || href.equals("/admin"));
            // both style sheets (ours and uPlot's) were served and parsed
            assertThat((Long) browser.driver.executeScript("return [...document.styleSheets]"
                    + ".filter(s => s.cssRules.length > 0).length;")).as(page.get(0)).isEqualTo(2L);
        }
    }
}
