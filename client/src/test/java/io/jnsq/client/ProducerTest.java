package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProducerTest {
    @TempDir
    Path dir;
    Nsqd nsqd;

    @BeforeEach
    void start() throws Exception {
        nsqd = LocalNsq.nsqd(dir);
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    private long depth(String topic) {
        return nsqd.broker().topic(topic).depth();
    }

    @Test
    void publishesMultiPublishesAndDefers() {
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            producer.publish("t", "one".getBytes(UTF_8));
            producer.multiPublish("t", List.of("two".getBytes(UTF_8), "three".getBytes(UTF_8)));
            assertThat(depth("t")).isEqualTo(3);

            nsqd.broker().topic("d").channel("ch");
            producer.deferredPublish("d", Duration.ofMinutes(1), "later".getBytes(UTF_8));
            Await.until(Duration.ofSeconds(5), () -> nsqd.broker().topic("d").channel("ch").deferredCount() == 1,
                    "the deferred message in the channel's deferred queue");
            assertThat(nsqd.broker().topic("d").channel("ch").depth()).isZero();
        }
    }

    @Test
    void asynchronousPublishesFromManyThreadsAllArrive() {
        int threads = 4;
        int each = 2_500;
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        all.add(producer.publishAsync("async", ("m" + i).getBytes(UTF_8)));
                    }
                });
                publishers.add(thread);
                thread.start();
            }
            for (Thread thread : publishers) {
                thread.join();
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(depth("async")).isEqualTo(threads * each);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anErrorFrameFailsThePublishWithNsqdsCodeAndText() {
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            assertThatThrownBy(() -> producer.publish("bad!topic", "x".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(NsqErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo("E_BAD_TOPIC");
                        assertThat(e.getMessage()).isEqualTo("PUB: E_BAD_TOPIC PUB topic name \"bad!topic\" is not valid");
                        assertThat(e.isFatal()).isTrue();
                    });
            // nsqd closed that connection; the next publish makes a new one
            producer.publish("good", "x".getBytes(UTF_8));
            assertThat(depth("good")).isEqualTo(1);
        }
    }

    @Test
    void snappyDeflateAndTheirUpgradesCarryPublishes() {
        for (Config config : List.of(Config.builder().snappy(true).build(),
                Config.builder().deflate(true).deflateLevel(1).build())) {
            try (Producer producer = new Producer(LocalNsq.tcp(nsqd), config)) {
                producer.publish("compressed", "x".repeat(10_000).getBytes(UTF_8));
                producer.multiPublish("compressed", List.of("a".getBytes(UTF_8), "b".getBytes(UTF_8)));
                assertThat(nsqd.broker().stats("compressed", "", true).producers())
                        .as("our connection: snappy, deflate")
                        .extracting(ClientStats::snappy, ClientStats::deflate)
                        .contains(tuple(config.snappy(), config.deflate()));
            }
        }
        assertThat(depth("compressed")).isEqualTo(6);
    }

    @Test
    void movesToTheNextNsqdWhenTheFirstCannotBeReached() throws Exception {
        Nsqd second = LocalNsq.nsqd(dir);
        try (Producer producer = new Producer(List.of("127.0.0.1:1", LocalNsq.tcp(second)), Config.defaults(),
                Producer.DEFAULT_MAX_PENDING)) {
            assertThatThrownBy(() -> producer.publish("t", "lost".getBytes(UTF_8)))
                    .isInstanceOf(NsqException.class).hasMessageContaining("dial tcp 127.0.0.1:1");
            producer.publish("t", "x".getBytes(UTF_8));
            assertThat(second.broker().topic("t").depth()).isEqualTo(1);
        } finally {
            second.close();
        }
    }

    @Test
    void closeWaitsForPublishesInFlightAndLaterPublishesFail() throws Exception {
        Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(producer.publishAsync("closing", new byte[100]));
        }
        producer.close();
        assertThat(sent).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(depth("closing")).isEqualTo(1_000);
        assertThatThrownBy(() -> producer.publish("closing", new byte[1])).hasMessage("producer closed");
    }

    @Test
    void anUnknownHostFailsWithGosWords() {
        try (Producer producer = new Producer("no-such-host.invalid:4150", Config.defaults())) {
            assertThatThrownBy(() -> producer.publish("t", new byte[1]))
                    .hasMessage("dial tcp: lookup no-such-host.invalid: no such host");
        }
    }

    @Test
    void manyThreadsPublishingAtOnceDeliverEveryMessageOnce() throws Exception {
        int threads = 16;
        int each = 500;
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        producer.publish("many", (thread + "-" + i).getBytes(UTF_8));
                    }
                }, runnable -> new Thread(runnable).start()));
            }
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        }
        assertThat(nsqd.broker().topic("many").messageCount()).isEqualTo(threads * each);
        Set<String> bodies = new HashSet<>();
        try (Consumer consumer = new Consumer("many", "ch", Config.builder().maxInFlight(200).build(),
                m -> {
                    synchronized (bodies) {
                        assertThat(bodies.add(m.bodyText())).as("first delivery of %s", m.bodyText()).isTrue();
                    }
                })) {
            consumer.connectToNsqd(LocalNsq.tcp(nsqd));
            Await.until(Duration.ofSeconds(20), () -> consumer.stats().messagesFinished() == threads * each,
                    "every message consumed");
        }
        assertThat(bodies).hasSize(threads * each).contains("0-0", "15-499");
    }
}
