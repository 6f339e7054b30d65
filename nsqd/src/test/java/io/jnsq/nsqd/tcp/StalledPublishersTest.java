package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.testwire.WireClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishers that send part of a command and then nothing hold no thread of nsqd and delay no other client: each
 * waits on its connection's read deadline, not on a thread.
 */
class StalledPublishersTest extends ProtocolV2TestBase {
    private static final int STALLED = 300;

    @Test
    @Timeout(30)
    void halfCommandsHoldNoThreadAndDelayNoOneElse() {
        for (int i = 0; i < 8; i++) {
            connect().pub("warm", "x").expectOk(); // every event loop of the TCP server has started
        }
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int i = 0; i < STALLED; i++) {
            WireClient stalled = connect();
            switch (i % 3) {
                case 0 -> stalled.send("PUB stall".getBytes(StandardCharsets.US_ASCII)); // half a command line
                case 1 -> stalled.send("PUB stall\n\0\0".getBytes(StandardCharsets.US_ASCII)); // half a size
                default -> stalled.send("PUB stall\n\0\0\0\u0064only part of 100 bytes"
                        .getBytes(StandardCharsets.US_ASCII)); // a body cut short
            }
        }

        long start = System.nanoTime();
        connect().pub("fresh", "hello").expectOk();
        WireClient consumer = subscribe("fresh", "c").rdy(1);
        assertThat(consumer.readMessage().body()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a PUB and its delivery")
                .isLessThan(WireClient.DEFAULT_TIMEOUT);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                .as("threads with %d stalled publishers", STALLED).isLessThanOrEqualTo(threadsBefore + 2);
    }
}
