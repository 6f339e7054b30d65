package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchWriterTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private BenchWriter writer(String... args) {
        BenchWriter writer = new BenchWriter();
        BenchWriter.commandLine(writer).parseArgs(args);
        writer.workers = 2;
        writer.log = new GoLog("[bench_writer] ", new PrintStream(logged, true, StandardCharsets.UTF_8));
        return writer;
    }

    /** Identifies as bench_writer does, then answers MPUBs with OK, counting what it was sent. */
    private static void identify(FakeNsqd.Peer peer) throws IOException {
        peer.expectMagic();
        assertThat(peer.expectLine()).isEqualTo("IDENTIFY");
        assertThat(new String(peer.readSized(), StandardCharsets.UTF_8)).isEqualTo(BenchWriter.IDENTIFY_JSON);
        peer.respond("OK");
    }

    @Test
    void publishesBatchesOnEveryConnectionAndCountsWhatNsqdAcknowledged() throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicInteger nops = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(2 * 5);
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            identify(peer);
            boolean first = true;
            for (String line = peer.readLine(); line != null; line = peer.readLine()) {
                assertThat(line).isEqualTo("MPUB t");
                int bodySize = peer.readInt();
                int count = peer.readInt();
                assertThat(count).isEqualTo(3);
                assertThat(bodySize).isEqualTo(4 + 3 * (4 + 10));
                for (int i = 0; i < count; i++) {
                    assertThat(peer.readSized()).isEqualTo(new byte[10]);
                }
                received.addAndGet(count);
                if (first) {
                    // nsqd may send a heartbeat before its answer: the writer must NOP and keep waiting
                    peer.heartbeat();
                    assertThat(peer.expectLine()).isEqualTo("NOP");
                    nops.incrementAndGet();
                    first = false;
                }
                peer.respond("OK");
                enough.countDown();
            }
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address(), "-runfor", "1h",
                    "--size", "10", "-batch-size=3", "--topic=t");
            Future<BenchResult> run = executor.submit(writer::bench);

            nsqd.await(enough);
            writer.runner.stop();
            BenchResult result = run.get(10, TimeUnit.SECONDS);

            assertThat(nsqd.failures()).isEmpty();
            assertThat(nops).hasValue(2);
            assertThat(result.messages()).isEqualTo(received.get()).isGreaterThanOrEqualTo(2 * 5 * 3);
            assertThat(result.size()).isEqualTo(10);
        }
    }

    @Test
    void printsNsqsResultLine() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            identify(peer);
            for (String line = peer.readLine(); line != null; line = peer.readLine()) {
                peer.readSized();
                peer.respond("OK");
            }
        })) {
            BenchWriter writer = new BenchWriter();
            writer.workers = 2;
            writer.log = new GoLog("[bench_writer] ", new PrintStream(logged, true, StandardCharsets.UTF_8));
            int exit = BenchWriter.commandLine(writer).execute("-nsqd-tcp-address", nsqd.address(), "--runfor=20ms");

            assertThat(exit).isZero();
            assertThat(nsqd.failures()).isEmpty();
            assertThat(logged.toString(StandardCharsets.UTF_8)).matches(
                    "\\[bench_writer] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d duration: [0-9.]+m?s"
                            + " - \\d+\\.\\d{3}mb/s - \\d+\\.\\d{3}ops/s - \\d+\\.\\d{3}us/op\\R");
        }
    }

    @Test
    void aWarmUpIsNotCountedAndLatencyPrintsTheRoundTripsPercentilesAfterTheResultLine() throws Exception {
        AtomicLong received = new AtomicLong();
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            identify(peer);
            for (String line = peer.readLine(); line != null; line = peer.readLine()) {
                peer.readSized();
                received.addAndGet(2);
                peer.respond("OK");
            }
        })) {
            BenchWriter writer = new BenchWriter();
            writer.log = new GoLog("[bench_writer] ", new PrintStream(logged, true, StandardCharsets.UTF_8));
            int exit = BenchWriter.commandLine(writer).execute("--nsqd-tcp-address=" + nsqd.address(),
                    "--workers=2", "--batch-size=2", "--size=1", "--warmup=300ms", "--runfor=100ms", "--latency");

            assertThat(exit).isZero();
            assertThat(nsqd.failures()).isEmpty();
            String[] lines = logged.toString(StandardCharsets.UTF_8).split("\\R");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).matches(".* duration: [0-9.]+m?s - .*"); // from the warm-up's end, as said
            assertThat(lines[1]).matches("\\[bench_writer] [0-9/]+ [0-9:]+ latency: p50 [0-9.]+[µm]?s"
                    + " - p99 [0-9.]+[µm]?s - p99\\.9 [0-9.]+[µm]?s - max [0-9.]+[µm]?s \\((\\d+) round trips\\)");
            long roundTrips = Long.parseLong(lines[1].replaceAll(".*\\((\\d+) round trips\\)", "$1"));
            long counted = Long.parseLong(lines[0].replaceAll(".* - ([0-9]+)\\.\\d+ops/s.*", "$1"));
            assertThat(roundTrips).isPositive();
            // what the warm-up published is left out: the fake received more than 2 per counted round trip
            assertThat(received.get()).isGreaterThan(2 * roundTrips);
            assertThat(counted).isPositive();
        }
    }

    @Test
    void aPastDeadlineStartsAtOnce() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            identify(peer);
            for (String line = peer.readLine(); line != null; line = peer.readLine()) {
                peer.readSized();
                peer.respond("OK");
            }
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address(), "--runfor=0s",
                    "--deadline=2000-01-02 03:04:05");

            BenchResult result = writer.bench();

            assertThat(result.messages()).isEqualTo(2 * 200);
            assertThat(logged.toString(StandardCharsets.UTF_8))
                    .matches("\\[bench_writer] [0-9/]+ [0-9:]+ sleeping until 2000-01-02 03:04:05 \\S+ \\S+"
                            + " \\(-\\d+h.*\\)\\R");
        }
    }

    @Test
    void failsLoudlyOnAnErrorFrame() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            identify(peer);
            if (peer.readLine() != null) {
                peer.readSized();
                peer.error("E_BAD_TOPIC MPUB topic name \"t\" is not valid");
            }
            peer.readLine();
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address(), "--runfor=1h", "--batch-size=1");
            Future<BenchResult> run = executor.submit(writer::bench);

            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class)
                    .hasMessage("MPUB failed: E_BAD_TOPIC MPUB topic name \"t\" is not valid");
        }
    }

    @Test
    void failsWhenIdentifyIsRefused() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            peer.expectMagic();
            peer.expectLine();
            peer.readSized();
            peer.error("E_BAD_BODY IDENTIFY failed to decode JSON body");
            peer.readLine();
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address());

            assertThatThrownBy(writer::bench).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("IDENTIFY failed: E_BAD_BODY");
        }
    }

    @Test
    void failsBeforeTimingWhenNsqdDoesNotGrantWhatWasAsked() throws Exception {
        String asked = new Features(false, false, true, 3).identifyJson(BenchWriter.IDENTIFY_JSON);
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            peer.expectMagic();
            assertThat(peer.expectLine()).isEqualTo("IDENTIFY");
            assertThat(new String(peer.readSized(), StandardCharsets.UTF_8)).isEqualTo(asked);
            peer.respond("{\"max_rdy_count\":2500,\"version\":\"1.3.0\",\"tls_v1\":false,\"deflate\":false,"
                    + "\"deflate_level\":6,\"snappy\":false}");
            peer.readLine();
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address(), "--deflate", "--deflate-level=3");

            assertThatThrownBy(writer::bench).isInstanceOf(IOException.class)
                    .hasMessage("IDENTIFY: asked for deflate=true, nsqd answered false (nsqd's --deflate)");
            assertThat(nsqd.failures()).isEmpty();
        }
    }

    @Test
    void failsWhenNsqdAnswersFeatureNegotiationWithoutJson() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            peer.expectMagic();
            peer.expectLine();
            peer.readSized();
            peer.respond("OK");
            peer.readLine();
        })) {
            BenchWriter writer = writer("--nsqd-tcp-address=" + nsqd.address(), "--tls");

            assertThatThrownBy(writer::bench).isInstanceOf(IOException.class)
                    .hasMessage("IDENTIFY: expected nsqd's features as JSON, got OK");
        }
    }
}
