package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static void publish(Nsqd nsqd, String topic, int count) {
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                bodies.add(("m" + i).getBytes(UTF_8));
            }
            producer.multiPublish(topic, bodies);
        }
    }

    private static Config.Builder fast() {
        return Config.builder().lookupdPollInterval(Duration.ofMillis(200)).rdyRedistributeInterval(
                Duration.ofMillis(50)).lowRdyIdleTimeout(Duration.ofSeconds(1));
    }

    @Test
    void everyMessageIsHandledAndFinishedOnce() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "t", 500);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger doubles = new AtomicInteger();
            try (Consumer consumer = new Consumer("t", "ch", Config.builder().maxInFlight(50).build(), m -> {
                if (!seen.add(m.bodyText())) {
                    doubles.incrementAndGet();
                }
            }, 4)) {
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 500, "500 messages finished");
                assertThat(seen).hasSize(500);
                assertThat(doubles).hasValue(0);
                assertThat(consumer.stats()).isEqualTo(new ConsumerStats(500, 500, 0, 1));
                Await.until(WAIT, () -> nsqd.broker().topic("t").channel("ch").inFlightCount() == 0,
                        "nothing in flight");
            }
        }
    }

    @Test
    void findsEveryNsqdOfTheTopicThroughNsqlookupdIncludingOnesThatComeLater() throws Exception {
        try (NsqCluster cluster = NsqCluster.builder().nsqds(2).start()) {
            publish(cluster.nsqd(0), "found", 10);
            cluster.awaitProducers("found", 1);
            try (Consumer consumer = new Consumer("found", "ch", fast().maxInFlight(10).build(), m -> { })) {
                consumer.connectToNsqlookupd(cluster.lookupdHttpAddresses().get(0));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 10, "the first nsqd's messages");
                publish(cluster.nsqd(1), "found", 5);
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 15, "the second nsqd's too");
                assertThat(consumer.stats().connections()).isEqualTo(2);
            }
        }
    }

    @Test
    void withMoreNsqdThanMaxInFlightTheReadyCountGoesRoundAndEveryMessageArrives() throws Exception {
        List<Nsqd> nsqds = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Nsqd nsqd = LocalNsq.nsqd(dir);
                nsqds.add(nsqd);
                publish(nsqd, "few", 5);
            }
            try (Consumer consumer = new Consumer("few", "ch", fast().maxInFlight(1).build(), m -> { })) {
                for (Nsqd nsqd : nsqds) {
                    consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                }
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 15, "every nsqd's messages");
            }
        } finally {
            nsqds.forEach(Nsqd::close);
        }
    }

    @Test
    void aFailingHandlerBacksOffAndRecoversAndEveryMessageIsFinishedInTheEnd() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "flaky", 20);
            AtomicInteger calls = new AtomicInteger();
            Config config = Config.builder().maxInFlight(5).backoffMultiplier(Duration.ofMillis(20))
                    .maxBackoffDuration(Duration.ofMillis(200)).defaultRequeueDelay(Duration.ZERO).build();
            try (Consumer consumer = new Consumer("flaky", "ch", config, m -> {
                if (calls.incrementAndGet() % 3 == 0) {
                    throw new IllegalStateException("every third call fails");
                }
            })) {
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 20, "all finished despite failures");
                assertThat(consumer.stats().messagesRequeued()).isPositive();
            }
        }
    }

    @Test
    void requeueWithoutBackoffAndMaxAttemptsHook() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "retry", 1);
            List<Integer> attempts = new ArrayList<>();
            CountDownLatch gaveUp = new CountDownLatch(1);
            Config config = Config.builder().maxAttempts(3).build();
            try (Consumer consumer = new Consumer("retry", "ch", config, m -> {
                synchronized (attempts) {
                    attempts.add(m.attempts());
                }
                m.disableAutoResponse();
                m.requeueWithoutBackoff(Duration.ZERO);
            })) {
                consumer.onMaxAttemptsExceeded(m -> gaveUp.countDown());
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                assertThat(gaveUp.await(20, TimeUnit.SECONDS)).isTrue();
                synchronized (attempts) {
                    assertThat(attempts).containsExactly(1, 2, 3);
                }
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 1, "finished after the hook");
                assertThat(consumer.stats().messagesRequeued()).isEqualTo(3);
            }
        }
    }

    @Test
    void closeLetsTheHandlerFinishWhatItHasThenLeaves() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "slow", 1);
            CountDownLatch inHandler = new CountDownLatch(1);
            Consumer consumer = new Consumer("slow", "ch", Config.defaults(), m -> {
                inHandler.countDown();
                Thread.sleep(300); // a handler still working when close() is called
            });
            consumer.connectToNsqd(LocalNsq.tcp(nsqd));
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            consumer.close();
            assertThat(consumer.stats().messagesFinished()).isEqualTo(1);
            assertThat(consumer.stopFuture()).isDone();
            Await.until(WAIT, () -> nsqd.broker().topic("slow").channel("ch").clients().isEmpty(), "the consumer gone");
            assertThat(nsqd.broker().topic("slow").channel("ch").depth()).isZero();
            assertThat(nsqd.broker().topic("slow").channel("ch").inFlightCount()).isZero();
        }
    }

    @Test
    void aDirectNsqdThatRestartsIsConnectedAgain() throws Exception {
        try (NsqCluster cluster = NsqCluster.builder().lookupds(0).start();
                Consumer consumer = new Consumer("again", "ch", fast().build(), m -> { })) {
            publish(cluster.nsqd(0), "again", 1);
            consumer.connectToNsqd(cluster.nsqdTcpAddresses().get(0));
            Await.until(WAIT, () -> consumer.stats().messagesFinished() == 1, "the first message");
            cluster.stopNsqd(0);
            Await.until(WAIT, () -> consumer.stats().connections() == 0, "the connection lost");
            publish(cluster.startNsqd(0), "again", 1); // same port, same data directory
            Await.until(WAIT, () -> consumer.stats().messagesFinished() == 2, "a message after the restart");
        }
    }

    @Test
    void heartbeatsKeepAnIdleConnectionOpen() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            Config config = Config.builder().heartbeatInterval(Duration.ofSeconds(1))
                    .readTimeout(Duration.ofMillis(1500)).build();
            try (Consumer consumer = new Consumer("idle", "ch", config, m -> { })) {
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                long until = System.nanoTime() + Duration.ofMillis(3500).toNanos();
                Await.until(Duration.ofSeconds(10), () -> System.nanoTime() > until, "three heartbeats' time");
                assertThat(consumer.stats().connections()).isEqualTo(1);
                publish(nsqd, "idle", 1);
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 1, "a message after idling");
            }
        }
    }

    @Test
    void eachConnectionCountsWhatItsNsqdDelivered() throws Exception {
        try (Nsqd a = LocalNsq.nsqd(dir); Nsqd b = LocalNsq.nsqd(dir)) {
            publish(a, "per", 3);
            publish(b, "per", 2);
            try (Consumer consumer = new Consumer("per", "ch", Config.builder().maxInFlight(10).build(), m -> {
                if (m.attempts() == 1 && m.bodyText().equals("m0")) {
                    m.disableAutoResponse();
                    m.requeueWithoutBackoff(Duration.ZERO);
                }
            })) {
                consumer.connectToNsqd(LocalNsq.tcp(a));
                consumer.connectToNsqd(LocalNsq.tcp(b));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 5, "every message finished");
                assertThat(consumer.connectionStats()).containsExactlyInAnyOrder(
                        new ConnectionStats(LocalNsq.tcp(a), 4, 3, 1, 0, 5),
                        new ConnectionStats(LocalNsq.tcp(b), 3, 2, 1, 0, 5));
                assertThat(consumer.stats()).isEqualTo(new ConsumerStats(7, 5, 2, 2));
            }
        }
    }

    @Test
    void autoTouchKeepsWhatHandlersHoldPastMsgTimeout() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "held", 2);
            Config config = Config.builder().msgTimeout(Duration.ofSeconds(1)).maxInFlight(2).build();
            try (Consumer consumer = new Consumer("held", "ch", config, m -> {
                if (m.bodyText().equals("m0")) {
                    Thread.sleep(2500); // a handler working for 2.5 times msg_timeout
                } else {
                    m.disableAutoResponse(); // and a message the handler answers 2.5 s later, from elsewhere
                    CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS).execute(m::finish);
                }
            }, 2)) {
                consumer.autoTouch(true);
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 2, "both finished");
                assertThat(nsqd.broker().topic("held").channel("ch").timeoutCount()).isZero();
                assertThat(consumer.stats().messagesReceived()).isEqualTo(2);
            }
        }
    }

    @Test
    void withoutAutoTouchASlowHandlersMessageTimesOut() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "late", 1);
            Config config = Config.builder().msgTimeout(Duration.ofSeconds(1)).build();
            CountDownLatch release = new CountDownLatch(1);
            try (Consumer consumer = new Consumer("late", "ch", config, m -> release.await(20, TimeUnit.SECONDS))) {
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                Await.until(WAIT, () -> nsqd.broker().topic("late").channel("ch").timeoutCount() == 1,
                        "the message timed out");
                release.countDown();
            }
        }
    }

    @Test
    void withConcurrencyZeroHandlersRunOnTheIoThreadAndEveryMessageIsFinishedOnce() throws Exception {
        try (Nsqd nsqd = LocalNsq.nsqd(dir)) {
            publish(nsqd, "inline", 500);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            try (Consumer consumer = new Consumer("inline", "ch", Config.builder().maxInFlight(50).build(), m -> {
                seen.add(m.bodyText());
                threads.add(Thread.currentThread().getName());
            }, 0)) {
                consumer.connectToNsqd(LocalNsq.tcp(nsqd));
                Await.until(WAIT, () -> consumer.stats().messagesFinished() == 500, "500 messages finished");
                assertThat(seen).hasSize(500);
                assertThat(threads).hasSize(1).allMatch(name -> name.startsWith("jnsq-client"));
            }
            Await.until(WAIT, () -> nsqd.broker().topic("inline").channel("ch").depth() == 0
                    && nsqd.broker().topic("inline").channel("ch").inFlightCount() == 0, "nothing left in nsqd");
        }
    }
}
