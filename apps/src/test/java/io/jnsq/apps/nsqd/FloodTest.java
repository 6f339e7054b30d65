package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.json.Json;
import io.jnsq.testwire.JavaProcess;
import io.jnsq.testwire.LogFile;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unconsumed flood of ten times nsqd's heap into a topic with two channels, from publishers that send every
 * MPUB before reading any answer, faster than the disk takes them: nsqd (a process of its own, a small heap, the
 * default {@code --mem-queue-size}) pushes back by reading no further while a publish is being written, rather than
 * running out of memory; every MPUB is answered OK, and every message is counted in both channels' depth.
 */
class FloodTest {
    private static final Pattern TCP = Pattern.compile("TCP: listening on [^:]+:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("HTTP: listening on [^:]+:(\\d+)");
    private static final int PUBLISHERS = 4;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void tenTimesTheHeapOnTwoChannelsGoesToDiskAndEveryMessageIsCounted() throws Exception {
        flood(128, 1024, 1000);
    }

    /**
     * 16 KB messages: the default --mem-queue-size of them in each channel (about 330 MB) is five times this heap;
     * the memory queues stop at half the heap and the rest goes to disk (NSQ counts messages only).
     */
    @Test
    @Timeout(180)
    void largeMessagesStopAtTheHeapsBudgetRatherThanAtTheMemQueueSize() throws Exception {
        flood(64, 16 * 1024, 100);
    }

    /** Ten times {@code heapMb} in MPUBs of {@code perMpub} bodies of {@code body} bytes. */
    private void flood(int heapMb, int body, int perMpub) throws Exception {
        int mpubs = heapMb * 10 * (1 << 20) / (body * perMpub) / PUBLISHERS * PUBLISHERS;
        Path log = dir.resolve("nsqd.log");
        Process nsqd = JavaProcess.start(log, List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC"), NsqdMain.class,
                "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--data-path=" + dir,
                "--max-body-size=" + (2 * body * perMpub));
        try {
            InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", LogFile.awaitPort(log, TCP, "TCP listener"));
            String http = "127.0.0.1:" + LogFile.awaitPort(log, HTTP, "HTTP listener");
            TestHttp.post(http, "/topic/create?topic=flood", "");
            TestHttp.post(http, "/channel/create?topic=flood&channel=a", "");
            TestHttp.post(http, "/channel/create?topic=flood&channel=b", "");

            List<byte[]> batch = Collections.nCopies(perMpub, new byte[body]);
            ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    done.add(publishers.submit(() -> pipeline(tcp, batch, mpubs / PUBLISHERS)));
                }
                for (Future<?> f : done) {
                    f.get(150, TimeUnit.SECONDS);
                }
            } finally {
                publishers.shutdownNow();
            }

            JsonNode topic = Json.mapper().readTree(TestHttp.get(http, "/stats?format=json&topic=flood").body())
                    .path("topics").get(0);
            long expected = (long) mpubs * perMpub;
            assertThat(topic.path("channels").findValuesAsText("channel_name")).containsExactly("a", "b");
            assertThat(topic.path("channels").findValues("depth")).extracting(JsonNode::asLong)
                    .containsExactly(expected, expected);
            assertThat(nsqd.isAlive()).isTrue();
            assertThat(LogFile.lines(log)).noneMatch(line -> line.contains("OutOfMemoryError"));
        } finally {
            nsqd.destroyForcibly();
            nsqd.waitFor();
        }
    }

    /**
     * Sends {@code count} MPUBs without waiting (the socket's writes block once nsqd stops reading), then reads
     * their answers: nsqd's answers are a few bytes each, so they wait in the socket meanwhile.
     */
    private static void pipeline(InetSocketAddress tcp, List<byte[]> batch, int count) {
        try (WireClient publisher = WireClient.connect(tcp)) {
            for (int i = 0; i < count; i++) {
                publisher.mpub("flood", batch);
            }
            for (int i = 0; i < count; i++) {
                publisher.expectOk();
            }
        }
    }
}
