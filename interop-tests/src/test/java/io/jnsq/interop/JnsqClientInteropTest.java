package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sproutsocial.nsq.Publisher;
import io.jnsq.client.Config;
import io.jnsq.client.Consumer;
import io.jnsq.client.ConsumerStats;
import io.jnsq.client.Producer;
import io.jnsq.interop.Nsqjs.Consume;
import io.jnsq.interop.Nsqjs.Deferred;
import io.jnsq.interop.Nsqjs.Plan;
import io.jnsq.interop.Nsqjs.Publish;
import io.jnsq.interop.Nsqjs.Published;
import io.jnsq.interop.Nsqjs.Summary;
import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import io.jnsq.testwire.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our own client (jnsq-client) against clients written by others, through our nsqd: our {@link Producer} to an
 * nsq-j subscriber and to an nsqjs Reader, an nsq-j publisher and an nsqjs Writer to our {@link Consumer}; each with
 * our side plain, over snappy and over deflate (the other client's side plain).
 *
 * <p>Each test publishes {@value #N} distinct bodies and checks them twice: the receiving client got each exactly
 * once, on its first attempt; and nsqd's own counts show that it took exactly {@value #N} messages into the topic
 * and the channel, delivered each once (no requeue, no timeout) and has none left (nothing queued, deferred or in
 * flight), so no late redelivery can still come.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JnsqClientInteropTest extends NsqdTestBase {
    static final int N = 1000;
    private static final String CHANNEL = "interop";
    private static final int MAX_IN_FLIGHT = 50;
    /** Our client's user agent, {@code jnsq-client/<version>}: how nsqd's stats tell its connections apart. */
    private static final String OUR_USER_AGENT = "jnsq-client/";

    /** What our client asks nsqd for in IDENTIFY. */
    enum Compression {
        PLAIN, SNAPPY, DEFLATE;

        Config config() {
            Config.Builder builder = Config.builder().maxInFlight(MAX_IN_FLIGHT);
            return switch (this) {
                case PLAIN -> builder.build();
                case SNAPPY -> builder.snappy(true).build();
                case DEFLATE -> builder.deflate(true).deflateLevel(5).build();
            };
        }

        String topic(String prefix) {
            return prefix + "_" + name().toLowerCase(Locale.ROOT);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void nsqjSubscriberReceivesExactlyWhatOurProducerPublished(Compression compression) throws Exception {
        String topic = compression.topic("jnsq_to_nsqj");
        Inbox inbox = new Inbox("nsq-j subscriber on " + topic + "/" + CHANNEL);
        nsqj().subscribe(topic, CHANNEL, MAX_IN_FLIGHT, inbox::recordAndFinish);
        Producer producer = closeAfterTest(new Producer(nsqdTcpAddress(), compression.config()));
        ProducerMix mix = ProducerMix.of("jnsq");

        mix.publishWith(producer, topic);

        assertOurConnectionNegotiated(topic, compression);
        assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(mix.all(), WAIT), mix.all());
        assertNsqdDeliveredEachOnce(topic, CHANNEL);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void nsqjsReaderReceivesExactlyWhatOurProducerPublished(Compression compression) throws Exception {
        String topic = compression.topic("jnsq_to_nsqjs");
        ProducerMix mix = ProducerMix.of("jnsq");
        Nsqjs reader = closeAfterTest(Nsqjs.start(
                new Plan(nsqdTcpAddress(), topic, CHANNEL, new Consume(mix.all(), List.of(), MAX_IN_FLIGHT), null)));
        reader.awaitEvent("subscribed", WAIT);
        Producer producer = closeAfterTest(new Producer(nsqdTcpAddress(), compression.config()));

        mix.publishWith(producer, topic);

        assertOurConnectionNegotiated(topic, compression);
        assertEachExactlyOnce("nsqjs Reader on " + topic + "/" + CHANNEL, reader.awaitSummary(WAIT).received(),
                mix.all());
        assertNsqdDeliveredEachOnce(topic, CHANNEL);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ourConsumerReceivesExactlyWhatAnNsqjPublisherPublished(Compression compression) throws Exception {
        String topic = compression.topic("nsqj_to_jnsq");
        Inbox inbox = new Inbox("jnsq-client Consumer on " + topic + "/" + CHANNEL);
        Consumer consumer = ourConsumer(topic, compression, inbox);
        Publisher publisher = nsqj().publisher();

        // 300 PUB (one Unicode, one large), 2 MPUB of 200, and 300 that nsq-j batches into MPUBs itself
        List<String> singles = Bodies.concat(Bodies.numbered("nsqj-pub", 298), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> batch1 = Bodies.numbered("nsqj-mpub1", 200);
        List<String> batch2 = Bodies.numbered("nsqj-mpub2", 200);
        List<String> buffered = Bodies.numbered("nsqj-buffered", 300);
        List<String> expected = Bodies.concat(singles, batch1, batch2, buffered);
        assertThat(expected).hasSize(N);
        singles.forEach(body -> publisher.publish(topic, utf8(body)));
        publisher.publish(topic, utf8(batch1));
        publisher.publish(topic, utf8(batch2));
        buffered.forEach(body -> publisher.publishBuffered(topic, utf8(body)));

        assertOurConnectionNegotiated(topic, compression);
        assertOurConsumerReceivedEachOnce(consumer, inbox, topic, expected);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ourConsumerReceivesExactlyWhatAnNsqjsWriterPublished(Compression compression) throws Exception {
        String topic = compression.topic("nsqjs_to_jnsq");
        Inbox inbox = new Inbox("jnsq-client Consumer on " + topic + "/" + CHANNEL);
        Consumer consumer = ourConsumer(topic, compression, inbox);

        // 400 PUB (one Unicode, one large), one MPUB of 590, 10 DPUB
        List<String> pub = Bodies.concat(Bodies.numbered("nsqjs-pub", 398), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> mpub = Bodies.numbered("nsqjs-mpub", 590);
        List<String> dpub = Bodies.numbered("nsqjs-dpub", 10);
        List<String> expected = Bodies.concat(pub, mpub, dpub);
        assertThat(expected).hasSize(N);
        Summary summary = Nsqjs.run(
                new Plan(nsqdTcpAddress(), topic, CHANNEL, null, new Publish(pub, mpub, new Deferred(50, dpub))));

        assertThat(summary.published()).isEqualTo(new Published(pub.size(), mpub.size(), dpub.size()));
        assertOurConnectionNegotiated(topic, compression);
        assertOurConsumerReceivedEachOnce(consumer, inbox, topic, expected);
    }

    /**
     * What our Producer publishes, {@value #N} distinct bodies: blocking PUBs from several threads at once (one
     * Unicode, one large), a burst of publishAsync all in flight at once, MPUBs (blocking and asynchronous), and
     * DPUBs.
     */
    record ProducerMix(List<String> pub, List<String> async, List<List<String>> mpub, List<String> dpub) {
        static final Duration DEFER = Duration.ofMillis(50);
        /** Threads publishing {@link #pub} at once, each waiting for its own answers on the shared connection. */
        static final int PUB_THREADS = 4;

        static ProducerMix of(String prefix) {
            ProducerMix mix = new ProducerMix(
                    Bodies.concat(Bodies.numbered(prefix + "-pub", 198), List.of(Bodies.UNICODE, Bodies.LARGE)),
                    Bodies.numbered(prefix + "-async", 300),
                    IntStream.range(0, 4).mapToObj(i -> Bodies.numbered(prefix + "-mpub" + i, 120)).toList(),
                    Bodies.numbered(prefix + "-dpub", 20));
            assertThat(mix.all()).hasSize(N).doesNotHaveDuplicates();
            return mix;
        }

        List<String> all() {
            List<String> all = new ArrayList<>(pub);
            all.addAll(async);
            mpub.forEach(all::addAll);
            all.addAll(dpub);
            return all;
        }

        /** Publishes everything, returning once nsqd acknowledged every publish. */
        void publishWith(Producer producer, String topic) throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(PUB_THREADS);
            try {
                List<Callable<Void>> slices = IntStream.range(0, PUB_THREADS).mapToObj(t -> (Callable<Void>) () -> {
                    for (int i = t; i < pub.size(); i += PUB_THREADS) {
                        producer.publish(topic, utf8(pub.get(i)));
                    }
                    return null;
                }).toList();
                for (Future<Void> slice : threads.invokeAll(slices, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    slice.get(); // a slice's failure, or CancellationException if it ran out of time
                }
            } finally {
                threads.shutdownNow();
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            async.forEach(body -> acks.add(producer.publishAsync(topic, utf8(body))));
            for (int i = 0; i < mpub.size(); i++) {
                if (i % 2 == 0) {
                    producer.multiPublish(topic, utf8(mpub.get(i)));
                } else {
                    acks.add(producer.multiPublishAsync(topic, utf8(mpub.get(i))));
                }
            }
            dpub.forEach(body -> producer.deferredPublish(topic, DEFER, utf8(body)));
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Our Consumer on {@code topic}/{@link #CHANNEL}, four handler threads, subscribed when this returns. */
    private Consumer ourConsumer(String topic, Compression compression, Inbox inbox) {
        Consumer consumer = closeAfterTest(new Consumer(topic, CHANNEL, compression.config(), inbox::record, 4));
        consumer.connectToNsqd(nsqdTcpAddress());
        assertThat(consumer.stats().connections()).as("our consumer's connections").isEqualTo(1);
        return consumer;
    }

    /**
     * Each body once; nsqd saw every FIN and has nothing left to send; then, our consumer closed (so that no
     * handler is still running), still each body once, and its own counts agree.
     */
    private void assertOurConsumerReceivedEachOnce(Consumer consumer, Inbox inbox, String topic,
            List<String> expected) throws Exception {
        assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(expected, WAIT), expected);
        assertNsqdDeliveredEachOnce(topic, CHANNEL);
        consumer.close(WAIT);
        assertEachExactlyOnce(inbox.name() + " after close", inbox.awaitUntil("nothing", all -> true, WAIT),
                expected);
        ConsumerStats stats = consumer.stats();
        assertThat(List.of(stats.messagesReceived(), stats.messagesFinished(), stats.messagesRequeued()))
                .as("our consumer's stats: received, finished, requeued")
                .containsExactly((long) N, (long) N, 0L);
    }

    /**
     * nsqd's own account, once it has nothing left to deliver (nothing queued, deferred or in flight): {@value #N}
     * messages into the topic and the channel, none requeued or timed out, so none delivered twice.
     */
    private void assertNsqdDeliveredEachOnce(String topic, String channel) {
        io.jnsq.nsqd.Channel ch = nsqd().broker().existingTopic(topic).existingChannel(channel);
        Await.until(WAIT, () -> ch.undelivered() == 0,
                "nsqd to have no message of " + topic + "/" + channel + " queued, deferred or in flight");
        TopicStats topicStats = nsqd().broker().stats(topic, channel, false).topics().get(0);
        ChannelStats stats = topicStats.channels().get(0);
        assertThat(List.of(topicStats.messageCount(), stats.messageCount(), stats.requeueCount(),
                        stats.timeoutCount(), stats.depth(), stats.deferredCount(), stats.inFlightCount()))
                .as("nsqd %s/%s: topic messages, channel messages, requeued, timed out, depth, deferred, in flight",
                        topic, channel)
                .containsExactly((long) N, (long) N, 0L, 0L, 0L, 0L, 0L);
    }

    /** nsqd lists exactly one connection of our client on {@code topic}, with the compression it asked for. */
    private void assertOurConnectionNegotiated(String topic, Compression compression) {
        NsqdStats stats = nsqd().broker().stats(topic, "", true);
        List<ClientStats> producers = stats.producers() == null ? List.of() : stats.producers(); // null: none
        List<ClientStats> ours = Stream.concat(producers.stream(),
                        stats.topics().stream()
                                .flatMap(t -> t.channels().stream())
                                .flatMap(c -> c.clients().stream()))
                .filter(c -> c.userAgent().startsWith(OUR_USER_AGENT))
                .toList();
        assertThat(ours)
                .as("our client's connections on %s in nsqd's stats: snappy, deflate", topic)
                .extracting(ClientStats::snappy, ClientStats::deflate)
                .containsExactly(tuple(compression == Compression.SNAPPY, compression == Compression.DEFLATE));
    }
}
