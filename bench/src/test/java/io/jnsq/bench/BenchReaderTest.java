package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.protocol.MessageId;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchReaderTest {
    private static final int MESSAGES_PER_CONNECTION = 1000;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private BenchReader reader(String... args) {
        BenchReader reader = new BenchReader();
        BenchReader.commandLine(reader).parseArgs(args);
        reader.workers = 2;
        reader.log = new GoLog("[bench_reader] ", new PrintStream(logged, true, StandardCharsets.UTF_8));
        return reader;
    }

    private static void subscribe(FakeNsqd.Peer peer, String topic, String channel) throws IOException {
        peer.expectMagic();
        assertThat(peer.expectLine()).isEqualTo("IDENTIFY");
        assertThat(new String(peer.readSized(), StandardCharsets.UTF_8)).isEqualTo(BenchReader.IDENTIFY_JSON);
        peer.respond("OK");
        assertThat(peer.expectLine()).isEqualTo("SUB " + topic + " " + channel);
        peer.respond("OK");
    }

    @Test
    void finishesEveryMessageWithinItsRdyCount() throws Exception {
        int rdy = 8;
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger nops = new AtomicInteger();
        CountDownLatch allFinished = new CountDownLatch(2);
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            subscribe(peer, "t", "c");
            assertThat(peer.expectLine()).isEqualTo("RDY " + rdy);
            peer.heartbeat();
            // like nsqd: never more than RDY messages in flight, so the reader must FIN without being asked
            long base = (peer.id + 1L) << 32;
            int sent = 0;
            int done = 0;
            while (done < MESSAGES_PER_CONNECTION) {
                while (sent < MESSAGES_PER_CONNECTION && sent - done < rdy) {
                    peer.message(base + sent, ("body " + sent).getBytes(StandardCharsets.UTF_8));
                    sent++;
                }
                peer.flush();
                String line = peer.expectLine();
                if (line.equals("NOP")) {
                    nops.incrementAndGet();
                    continue;
                }
                assertThat(line).isEqualTo("FIN " + MessageId.toHex(base + done));
                done++;
                finished.incrementAndGet();
            }
            allFinished.countDown();
            for (String line = peer.readLine(); line != null; line = peer.readLine()) {
                assertThat(line).isEqualTo("NOP");
            }
        })) {
            BenchReader reader = reader("--nsqd-tcp-address", nsqd.address(), "--runfor=1h", "--rdy=" + rdy,
                    "-topic=t", "-channel", "c", "--size=7");
            Future<BenchResult> run = executor.submit(reader::bench);

            nsqd.await(allFinished);
            reader.runner.stop();
            BenchResult result = run.get(10, TimeUnit.SECONDS);

            assertThat(nsqd.failures()).isEmpty();
            assertThat(finished).hasValue(2 * MESSAGES_PER_CONNECTION);
            assertThat(nops).hasValue(2);
            assertThat(result.messages()).isEqualTo(2 * MESSAGES_PER_CONNECTION);
            assertThat(result.size()).isEqualTo(7);
        }
    }

    @Test
    void stopsAfterRunforAndPrintsNsqsResultLine() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            subscribe(peer, "sub_bench", "ch");
            assertThat(peer.expectLine()).isEqualTo("RDY 2500");
            peer.readLine();
        })) {
            BenchReader reader = new BenchReader();
            reader.workers = 1;
            reader.log = new GoLog("[bench_reader] ", new PrintStream(logged, true, StandardCharsets.UTF_8));
            int exit = BenchReader.commandLine(reader).execute("--nsqd-tcp-address=" + nsqd.address(), "-runfor=10ms");

            assertThat(exit).isZero();
            assertThat(nsqd.failures()).isEmpty();
            assertThat(logged.toString(StandardCharsets.UTF_8)).matches("\\[bench_reader] \\d{4}/\\d\\d/\\d\\d"
                    + " \\d\\d:\\d\\d:\\d\\d duration: [0-9.]+m?s - 0\\.000mb/s - 0\\.000ops/s - \\+Infus/op\\R");
        }
    }

    @Test
    void failsLoudlyOnAnErrorFrame() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            subscribe(peer, "sub_bench", "ch");
            peer.expectLine();
            peer.error("E_FIN_FAILED FIN 0000000000000001 failed");
            peer.readLine();
        })) {
            BenchReader reader = reader("--nsqd-tcp-address=" + nsqd.address(), "--runfor=1h");
            Future<BenchResult> run = executor.submit(reader::bench);

            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class)
                    .hasMessage("nsqd error: E_FIN_FAILED FIN 0000000000000001 failed");
        }
    }

    @Test
    void failsWhenSubIsRefused() throws Exception {
        try (FakeNsqd nsqd = new FakeNsqd(peer -> {
            peer.expectMagic();
            peer.expectLine();
            peer.readSized();
            peer.respond("OK");
            peer.expectLine();
            peer.error("E_BAD_TOPIC SUB topic name \"a b\" is not valid");
            peer.readLine();
        })) {
            BenchReader reader = reader("--nsqd-tcp-address=" + nsqd.address());

            assertThatThrownBy(reader::bench).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("SUB failed: E_BAD_TOPIC");
        }
    }
}
