package io.jnsq.nsqadmin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The UI in a real browser over a live cluster of two nsqd and one nsqlookupd: each page shows what the daemons
 * report, actions clicked change the daemons, and the charts draw nsqadmin's history. Screenshots go to
 * {@code target/screenshots/}.
 */
@Timeout(120)
class NsqadminUiTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static NsqCluster cluster;
    private static Nsqadmin admin;
    private static Browser browser;
    /** Publishes to clicks all along, so that its charts have a rate to draw. */
    private static ScheduledExecutorService traffic;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        cluster = NsqCluster.builder().nsqds(2).lookupds(1).start();
        NsqadminOptions options = new NsqadminOptions();
        options.httpAddress = "127.0.0.1:0";
        options.nsqlookupdHttpAddresses.addAll(cluster.lookupdHttpAddresses());
        options.historyInterval = Duration.ofMillis(300);
        admin = new Nsqadmin(options).start();
        // orders: 3 messages on each nsqd, its channel billing holds them; audit: 2 on the first nsqd only
        publish("orders", "billing", 0, 3);
        publish("orders", "billing", 1, 3);
        publish("audit", "archive", 0, 2);
        cluster.awaitProducers("orders", 2);
        cluster.awaitProducers("audit", 1);
        cluster.nsqd(0).broker().topic("clicks").channel("stream");
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> publish("clicks", "stream", 0, 5), 0, 100, TimeUnit.MILLISECONDS);
        cluster.awaitProducers("clicks", 1);
    }

    @AfterAll
    static void stop() {
        if (traffic != null) {
            traffic.shutdownNow();
        }
        if (browser != null) {
            browser.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void publish(String topic, String channel, int nsqd, int messages) {
        cluster.nsqd(nsqd).broker().topic(topic).channel(channel);
        for (int m = 0; m < messages; m++) {
            assertThat(TestHttp.post(cluster.nsqdHttpAddresses().get(nsqd), "/pub?topic=" + topic, "m" + m)
                    .statusCode()).isEqualTo(200);
        }
    }

    private static void open(String path) {
        InetSocketAddress address = admin.httpAddress();
        browser.driver.get("http://127.0.0.1:" + address.getPort() + path);
    }

    /** The text of a table's rows once the page has drawn it. */
    private static String tableText(String css) {
        return browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    private static void click(String buttonText) {
        browser.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='" + buttonText + "']"))).click();
        browser.until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** How many points the chart of these metrics has drawn in its first series; above {@code floor} only. */
    private static long chartPoints(String metrics, double floor) {
        Object points = browser.driver.executeScript("const chart = document.querySelector("
                + "'.chart[data-metrics=\"' + arguments[0] + '\"]');"
                + "return chart && chart.uplot ? chart.uplot.data[1].filter(v => v != null && v > arguments[1]).length"
                + " : 0;", metrics, floor);
        return ((Number) points).longValue();
    }

    private static long chartPoints(String metrics) {
        return chartPoints(metrics, -1);
    }

    @Test
    void theTopicsPageListsEveryTopicAndLinksToIt() throws Exception {
        open("/");

        browser.until(d -> tableText("table.topics").contains("orders") && tableText("table.topics").contains("audit"));
        browser.screenshot("topics");
        browser.driver.findElement(By.linkText("orders")).click();

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Topic orders"));
    }

    @Test
    void theTopicPageShowsItsNsqdAndChannels() {
        open("/topics/orders");

        String channels = tableText("table.channels");
        assertThat(channels).contains("billing");
        String nodes = tableText("table.stats");
        for (String nsqd : cluster.nsqdHttpAddresses()) {
            assertThat(nodes).contains(nsqd);
        }
        WebElement total = browser.driver.findElement(By.cssSelector("table.stats tr.total"));
        // the messages went on to the channel: the topic holds none, its channel 6
        assertThat(total.getText()).startsWith("Total 0 0 + 0 6 1");
        // without --graphite-url, nothing of graphite: no sparklines, rates, large graphs or timeframe menu
        assertThat(browser.driver.findElements(By.cssSelector("img.sparkline, .rate, .graphite, #graph-interval")))
                .isEmpty();
    }

    @Test
    void tombstoningATopicOnItsNsqdThenDeletingItOnTheLookupPageForgetsItAtNsqlookupd() {
        publish("retired", "c", 1, 1);
        cluster.awaitProducers("retired", 1);
        open("/topics/retired");
        assertThat(tableText("table.stats")).contains(cluster.nsqdHttpAddresses().get(1));

        click("✘");

        String lookupd = cluster.lookupdHttpAddresses().get(0);
        Await.until(WAIT, () -> TestHttp.get(lookupd, "/lookup?topic=retired").body().replace(" ", "")
                .contains("\"producers\":[]"), "nsqlookupd lists no producer of retired");
        Await.until(WAIT, () -> cluster.nsqd(1).broker().existingTopic("retired") == null, "the topic deleted on its nsqd");
        open("/lookup");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ul.tree"), "retired"));

        browser.driver.findElement(By.xpath("//ul[@class='tree']/li[starts-with(normalize-space(), 'retired')]"
                + "/button[normalize-space()='✘']")).click();
        browser.until(ExpectedConditions.alertIsPresent()).accept();

        Await.until(WAIT, () -> !TestHttp.get(lookupd, "/topics").body().contains("retired"),
                "nsqlookupd forgot retired");
        browser.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("page"),
                "retired")));
    }

    @Test
    void theTopicsChartsDrawItsLiveTraffic() throws Exception {
        open("/topics/clicks");

        browser.until(d -> chartPoints("message_rate", 0) >= 3 && chartPoints("depth in_flight", 0) >= 3);
        assertThat(browser.driver.findElements(By.cssSelector(".chart canvas"))).hasSizeGreaterThanOrEqualTo(3);
        browser.screenshot("topic");
    }

    @Test
    void pausingAChannelInThePagePausesItOnEveryNsqd() throws Exception {
        open("/topics/orders/billing");
        assertThat(tableText("table.stats")).contains("Total 6");

        click("Pause Channel");

        browser.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//button[normalize-space()='UnPause Channel']")));
        Await.until(WAIT, () -> channelPausedInStats(0) && channelPausedInStats(1), "billing paused on both nsqd");
        browser.until(d -> chartPoints("depth in_flight") >= 2);
        browser.screenshot("channel");

        click("UnPause Channel");

        Await.until(WAIT, () -> !channelPausedInStats(0) && !channelPausedInStats(1), "billing unpaused");
    }

    private static boolean channelPausedInStats(int nsqd) {
        String stats = TestHttp.get(cluster.nsqdHttpAddresses().get(nsqd),
                "/stats?format=json&topic=orders&channel=billing").body();
        return stats.replace(" ", "").contains("\"channel_name\":\"billing\"")
                && stats.replace(" ", "").contains("\"paused\":true");
    }

    @Test
    void emptyingATopicInThePageEmptiesItOnItsNsqd() {
        publish("emptied", "c", 1, 4);
        cluster.awaitProducers("emptied", 1);
        open("/topics/emptied");
        assertThat(tableText("table.channels")).contains("c");

        click("Empty Queue");

        Await.until(WAIT, () -> cluster.nsqd(1).broker().topic("emptied").depth() == 0, "the topic emptied on nsqd");
        browser.until(d -> tableText("table.stats tr.total").startsWith("Total 0 0 + 0"));
    }

    @Test
    void deletingATopicInThePageDeletesItAndLeavesForTheTopicsList() {
        publish("doomed", "c", 1, 1);
        cluster.awaitProducers("doomed", 1);
        open("/topics/doomed");
        assertThat(tableText("table.channels")).contains("c");

        click("Delete Topic");

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Topics"));
        Await.until(WAIT, () -> cluster.nsqd(1).broker().existingTopic("doomed") == null, "the topic deleted on nsqd");
        assertThat(tableText("table.topics")).doesNotContain("doomed");
    }

    @Test
    void theNodesPageListsBothNsqdAndTheNodePageItsTopics() throws Exception {
        open("/nodes");
        String nodes = tableText("table.nodes");
        assertThat(nodes).contains("orders", "audit", "1 / 1");
        browser.screenshot("nodes");

        String first = cluster.nsqdHttpAddresses().get(0);
        open("/nodes/" + first);

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".totals"), "topics"));
        assertThat(browser.driver.findElement(By.id("page")).getText()).contains("orders", "audit", "billing",
                "archive");
        browser.until(d -> chartPoints("message_rate", 0) >= 2);
        browser.screenshot("node");
    }

    @Test
    void theCounterShowsEveryChannelsMessages() throws Exception {
        open("/counter");

        browser.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("counter"), "…")));
        long counted = Long.parseLong(browser.driver.findElement(By.id("counter")).getText().replace(",", ""));
        assertThat(counted).isGreaterThanOrEqualTo(8);
        browser.screenshot("counter");
    }

    @Test
    void theLookupPageCreatesATopicAtNsqlookupd() throws Exception {
        open("/lookup");
        assertThat(browser.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("ul"))).getText())
                .contains(cluster.lookupdHttpAddresses().get(0));

        browser.until(ExpectedConditions.visibilityOfElementLocated(By.name("topic"))).sendKeys("planned");
        browser.driver.findElement(By.name("channel")).sendKeys("later");
        browser.driver.findElement(By.xpath("//button[normalize-space()='Create']")).click();

        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ul.tree"), "planned"));
        assertThat(TestHttp.get(cluster.lookupdHttpAddresses().get(0), "/channels?topic=planned").body())
                .contains("later");
        browser.screenshot("lookup");
    }

    @Test
    void aPageOfAnUnknownTopicSaysSo() {
        open("/topics/nothing_here");

        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("UPSTREAM_ERROR");
        assertThat(List.of(browser.driver.findElement(By.tagName("h1")).getText())).containsExactly("Topic nothing_here");
    }
}
