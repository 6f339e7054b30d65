package io.jnsq.nsqd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.Await;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /debug: the JVM's counterparts of Go's pprof profiles, and setblockrate and freememory. */
class DebugApiTest extends HttpApiTestBase {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private boolean contentionMonitoringBefore;

    @BeforeEach
    void rememberContentionMonitoring() {
        contentionMonitoringBefore = threads.isThreadContentionMonitoringEnabled();
    }

    @AfterEach
    void restoreContentionMonitoring() {
        threads.setThreadContentionMonitoringEnabled(contentionMonitoringBefore);
    }

    /** A text answer's body, after checking it is a plain-text 200. */
    private String text(HttpResponse<String> response) {
        assertText(response, 200);
        return response.body();
    }

    @Test
    void theIndexListsRoutesThatAnswer() throws Exception {
        String index = text(get("/debug/pprof/"));
        assertThat(index).contains("/debug/pprof/goroutine", "/debug/pprof/heap", "/debug/setblockrate",
                "/debug/freememory");
        for (String line : index.split("\n")) {
            if (line.startsWith("GET  /debug/")) {
                String path = line.substring(5).split(" ")[0];
                assertThat(get(path).statusCode()).as(path).isEqualTo(200);
            }
        }
        HttpResponse<String> redirect = get("/debug/pprof");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(header(redirect, "Location")).isEqualTo("/debug/pprof/");
    }

    @Test
    void goroutineIsAFullThreadDumpWithLocks() throws Exception {
        Object lock = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "lock-holder");
        holder.start();
        try {
            Await.until(TIMEOUT, () -> holding.getCount() == 0, "the holder to take the lock");
            String dump = text(get("/debug/pprof/goroutine"));
            assertThat(dump).startsWith("Full thread dump ");
            assertThat(dump).contains("\"lock-holder\" #" + holder.getId() + " prio=5 WAITING");
            String lockName = "java.lang.Object@" + Integer.toHexString(System.identityHashCode(lock));
            assertThat(dump).contains("\t- locked " + lockName);
            // whole stacks: this test's frame is far below the HTTP client's
            Thread me = Thread.currentThread();
            assertThat(dump).contains("\"" + me.getName() + "\" #" + me.getId(),
                    "DebugApiTest.goroutineIsAFullThreadDumpWithLocks");
        } finally {
            release.countDown();
            holder.join(TIMEOUT.toMillis());
        }
    }

    @Test
    void heapSummarisesMemoryPoolsAndCollectors() throws Exception {
        String heap = text(get("/debug/pprof/heap"));
        assertThat(heap).containsPattern("(?m)^heap: used=\\d+ committed=\\d+ max=-?\\d+$");
        assertThat(heap).containsPattern("(?m)^non-heap: used=\\d+");
        assertThat(heap).contains("# memory pools\n", "# garbage collectors\n");
        assertThat(heap).containsPattern("(?m)^.+ \\(heap\\): used=\\d+ committed=\\d+ max=-?\\d+ peak_used=\\d+$");
    }

    @Test
    void threadcreateCountsThreads() throws Exception {
        assertThat(text(get("/debug/pprof/threadcreate")))
                .matches("threads: live=\\d+ daemon=\\d+ peak=\\d+ started=\\d+\n");
    }

    @Test
    void cmdlineIsTheProcessArgumentsSeparatedByNul() throws Exception {
        String[] args = text(get("/debug/pprof/cmdline")).split("\0");
        assertThat(args.length).isGreaterThan(1);
        assertThat(args[0]).contains("java");
    }

    @Test
    void setblockrateTurnsContentionMonitoringOnAndOff() throws Exception {
        HttpResponse<String> on = send("PUT", "/debug/setblockrate?rate=1", null);
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).isEmpty();
        assertThat(threads.isThreadContentionMonitoringEnabled()).isTrue();
        assertThat(text(get("/debug/pprof/block"))).startsWith("thread contention monitoring: on\n")
                .containsPattern("blocked=\\d+ blocked_ms=\\d+ waited=\\d+ waited_ms=\\d+");

        assertThat(send("PUT", "/debug/setblockrate?rate=0", null).statusCode()).isEqualTo(200);
        assertThat(threads.isThreadContentionMonitoringEnabled()).isFalse();
        assertThat(text(get("/debug/pprof/block"))).startsWith("thread contention monitoring: off")
                .contains("blocked_ms=-1");
    }

    @Test
    void setblockrateReadsAFormBodyFirst() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.getPort() + "/debug/setblockrate?rate=0"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(BodyPublishers.ofString("rate=5"))
                .build();
        assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(threads.isThreadContentionMonitoringEnabled()).isTrue();
    }

    @Test
    void setblockrateErrorsAreGoTexts() throws Exception {
        HttpResponse<String> response = send("PUT", "/debug/setblockrate?rate=abc", null);
        assertText(response, 400);
        assertThat(response.body()).isEqualTo("invalid block rate : strconv.Atoi: parsing \"abc\": invalid syntax");
        assertThat(send("PUT", "/debug/setblockrate", null).body())
                .isEqualTo("invalid block rate : strconv.Atoi: parsing \"\": invalid syntax");
        assertThat(send("PUT", "/debug/setblockrate?rate=99999999999999999999", null).body())
                .isEqualTo("invalid block rate : strconv.Atoi: parsing \"99999999999999999999\": value out of range");
        assertThat(send("PUT", "/debug/setblockrate?rate=%C3%A9", null).body())
                .isEqualTo("invalid block rate : strconv.Atoi: parsing \"é\": invalid syntax");
    }

    @Test
    void freememoryCollectsAndAnswersAnEmpty200() throws Exception {
        HttpResponse<String> response = post("/debug/freememory", "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "Content-Type")).isNull();
        assertThat(header(response, "X-NSQ-Content-Type")).isNull();
    }

    @Test
    void goProfilesWithoutAJvmCounterpartAreNotFound() throws Exception {
        assertError(get("/debug/pprof/profile"), 404, "NOT_FOUND");
        assertError(get("/debug/pprof/symbol"), 404, "NOT_FOUND");
        assertError(post("/debug/pprof/symbol", ""), 404, "NOT_FOUND");
    }

    @Test
    void debugRoutesKeepTheRoutingConventions() throws Exception {
        HttpResponse<String> response = get("/debug/freememory");
        assertError(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(header(response, "Allow")).isEqualTo("POST, OPTIONS");
        response = send("OPTIONS", "/debug/setblockrate", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Allow")).isEqualTo("PUT, OPTIONS");
    }
}
