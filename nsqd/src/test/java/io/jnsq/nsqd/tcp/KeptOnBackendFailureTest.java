package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.Channel;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message already acknowledged to its publisher that must be queued again while the channel's memory is full
 * and the disk write fails: a REQ, a timeout, a deferred message falling due. NSQ logs it and loses it; nsqd
 * keeps it in memory beyond --mem-queue-size, is unhealthy while writes fail, delivers it, and is healthy again
 * once a write succeeds. The failure is injected as in {@link BackendFailureTest}: a directory where the
 * channel's first data file must go.
 */
class KeptOnBackendFailureTest extends ProtocolV2TestBase {
    private static final long DELAY_MILLIS = 300;
    private static final Duration DUE_WITHIN = Duration.ofSeconds(3);
    private Path blocker;

    @BeforeEach
    void oneMessageFillsMemory() {
        options.memQueueSize = 1;
        options.httpAddress = "127.0.0.1:0";
        blocker = dataDir.resolve("t:c.diskqueue.000000.dat");
    }

    @Test
    void aRequeuedMessageIsKeptInMemoryAndDelivered() throws IOException {
        WireClient consumer = subscribeAndFailWrites("{}");
        Message first = inFlightWithMemoryFull(consumer);

        consumer.req(first.id(), 0);

        assertKeptWhileUnhealthy();
        assertDeliveredOnceWritesSucceed(consumer, "first", "waiting");
    }

    /** With --sync-every=1 the requeued message's write goes to the storage thread, which keeps it on failure. */
    @Test
    void aRequeuedMessageWrittenByTheStorageThreadIsKeptInMemoryAndDelivered() throws IOException {
        options.syncEvery = 1;
        WireClient consumer = subscribeAndFailWrites("{}");
        Message first = inFlightWithMemoryFull(consumer);

        consumer.req(first.id(), 0);

        assertKeptWhileUnhealthy();
        assertDeliveredOnceWritesSucceed(consumer, "first", "waiting");
    }

    @Test
    void aTimedOutMessageIsKeptInMemoryAndDelivered() throws IOException {
        WireClient consumer = subscribeAndFailWrites("{\"msg_timeout\":1000}");
        inFlightWithMemoryFull(consumer);

        Await.until(DUE_WITHIN, () -> channel("t", "c").timeoutCount() == 1, "the message to time out");

        assertKeptWhileUnhealthy();
        assertDeliveredOnceWritesSucceed(consumer, "first", "waiting");
    }

    @Test
    void aRequeuedMessageFallingDueIsKeptInMemoryAndDelivered() throws IOException {
        WireClient consumer = subscribeAndFailWrites("{}");
        Message first = inFlightWithMemoryFull(consumer);

        long requeued = System.nanoTime();
        consumer.req(first.id(), DELAY_MILLIS);

        assertKeptWhileUnhealthy();
        assertThat(millisSince(requeued)).as("written when due").isGreaterThanOrEqualTo(DELAY_MILLIS);
        assertDeliveredOnceWritesSucceed(consumer, "first", "waiting");
    }

    @Test
    void aDeferredPublishFallingDueIsKeptInMemoryAndDelivered() throws IOException {
        WireClient consumer = subscribeAndFailWrites("{}");
        publish("t", "waiting");

        long published = System.nanoTime();
        producer().dpub("t", DELAY_MILLIS, "later").expectOk();

        assertKeptWhileUnhealthy();
        assertThat(millisSince(published)).as("written when due").isGreaterThanOrEqualTo(DELAY_MILLIS);
        assertDeliveredOnceWritesSucceed(consumer, "later", "waiting");
    }

    @Test
    void aDeferredPublishWhileWritesFailLeavesNsqdUnhealthy() throws IOException {
        WireClient consumer = subscribeAndFailWrites("{}");
        Message first = inFlightWithMemoryFull(consumer);
        consumer.req(first.id(), 0);
        assertKeptWhileUnhealthy();

        // deferred in memory, it writes nothing: as in NSQ, only a write that succeeds makes nsqd healthy
        producer().dpub("t", 60_000, "later").expectOk();

        assertThat(ping()).startsWith("500 NOK - DISKQUEUE(t:c) failed to write to ");
    }

    /**
     * A consumer of t:c, once the channel and its disk queue exist, and every write to that disk queue failing from
     * now on; nothing is written to it until memory is full.
     */
    private WireClient subscribeAndFailWrites(String identifyJson) throws IOException {
        WireClient consumer = subscribe("t", "c", identifyJson);
        Files.createDirectory(blocker);
        return consumer;
    }

    /**
     * "first" in flight to {@code consumer}, which then has RDY 0 so that nothing is delivered by itself, and
     * "waiting" filling the channel's memory.
     */
    private Message inFlightWithMemoryFull(WireClient consumer) {
        publish("t", "first");
        consumer.rdy(1);
        Message first = consumer.readMessage();
        consumer.rdy(0);
        // not delivered: the one in flight uses the RDY 1 even if RDY 0 has not arrived yet
        publish("t", "waiting");
        return first;
    }

    /** The failed write shows in nsqd's health, and both messages are in memory, one beyond its size. */
    private void assertKeptWhileUnhealthy() {
        Await.until(DUE_WITHIN, () -> !nsqd().broker().isHealthy(), "the failed write to make nsqd unhealthy");
        assertThat(ping()).startsWith("500 NOK - DISKQUEUE(t:c) failed to write to ");
        Channel channel = channel("t", "c");
        assertThat(channel.depth()).isEqualTo(2);
        assertThat(channel.backendDepth()).isZero();
        assertThat(channel.deferredCount()).isZero();
    }

    private void assertDeliveredOnceWritesSucceed(WireClient consumer, String... kept) throws IOException {
        Files.delete(blocker);
        // memory is over its size, so this one goes to disk, and the write succeeding makes nsqd healthy
        publish("t", "after");
        assertThat(channel("t", "c").backendDepth()).isEqualTo(1);
        assertThat(ping()).isEqualTo("200 OK");

        consumer.rdy(10);
        assertThat(bodies(readMessages(consumer, kept.length + 1)))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(kept), Stream.of("after")).toList());
        consumer.assertNoFrame(QUIET);
        assertThat(channel("t", "c").depth()).isZero();
    }
}
