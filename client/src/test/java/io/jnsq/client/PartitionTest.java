package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.HostPort;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TcpProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partitions and restarts heal by themselves, and consumers that find nsqd through nsqlookupd keep receiving
 * from the nsqd they can reach. A partition is a {@link TcpProxy} cut: nsqd 1 reaches nsqlookupd through one,
 * and announces another as its TCP port, so that consumers connect to it through that one.
 */
class PartitionTest {
    private static final String TOPIC = "part";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_IN_FLIGHT = 5;

    @Test
    @Timeout(90)
    void aPartitionedNsqdComesBackToLookupdAndItsConsumersByItselfAndEveryMessageArrives() throws Exception {
        AtomicReference<NsqCluster> started = new AtomicReference<>();
        AtomicReference<TcpProxy> toLookupd = new AtomicReference<>();
        try (TcpProxy toNsqd1 = TcpProxy.to(() -> started.get().nsqd(1).tcpAddress());
                NsqCluster cluster = NsqCluster.builder().nsqds(2).nsqdOptions(options -> {
                    if (options.nodeId == 1) {
                        InetSocketAddress lookupd = HostPort.parse(options.nsqlookupdTcpAddresses.get(0))
                                .dialAddress();
                        toLookupd.set(TcpProxy.to(() -> lookupd));
                        options.nsqlookupdTcpAddresses = List.of(HostPort.format(toLookupd.get().address()));
                        options.broadcastTcpPort = toNsqd1.address().getPort();
                    }
                }).start();
                TcpProxy lookupdLink = toLookupd.get()) {
            started.set(cluster);
            publish(cluster.nsqd(0), "before-0", 10);
            publish(cluster.nsqd(1), "before-1", 10);
            cluster.awaitProducers(TOPIC, 2);

            Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
            Config config = Config.builder().maxInFlight(MAX_IN_FLIGHT).lookupdPollInterval(Duration.ofMillis(200))
                    .rdyRedistributeInterval(Duration.ofMillis(50)).build();
            try (Consumer consumer = new Consumer(TOPIC, "ch", config,
                    m -> received.computeIfAbsent(new String(m.body(), UTF_8), b -> new AtomicInteger())
                            .incrementAndGet())) {
                consumer.connectToNsqlookupd(cluster.lookupdHttpAddresses().get(0));
                Await.until(WAIT, () -> received.size() == 20, "both nsqd's first messages");
                assertThat(consumer.stats().connections()).isEqualTo(2);

                lookupdLink.cut();
                toNsqd1.cut();
                cluster.awaitProducers(TOPIC, 1);
                Await.until(WAIT, () -> consumer.stats().connections() == 1, "the consumer losing nsqd 1");
                // nsqd 1 goes on taking messages and topics from the clients on its side of the partition
                publish(cluster.nsqd(1), "during-1", 10);
                cluster.nsqd(1).broker().topic("part_new");
                publish(cluster.nsqd(0), "during-0", 10);
                Await.until(WAIT, () -> received.size() == 30, "nsqd 0's messages during the partition");

                lookupdLink.heal();
                toNsqd1.heal();
                cluster.awaitProducers(TOPIC, 2);
                cluster.awaitProducers("part_new", 1);
                Await.until(WAIT, () -> received.size() == 40, "nsqd 1's messages from during the partition");
                assertThat(consumer.stats().connections()).isEqualTo(2);
            }
            // a message in flight to the consumer when its link was reset comes again; nothing else does
            int deliveries = received.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(deliveries).isBetween(40, 40 + MAX_IN_FLIGHT);
            assertThat(received.keySet()).containsAll(bodies("before-0", 10)).containsAll(bodies("before-1", 10))
                    .containsAll(bodies("during-0", 10)).containsAll(bodies("during-1", 10));
        }
    }

    @Test
    @Timeout(60)
    void whileNsqlookupdIsDownConsumersKeepTheirNsqdAndAfterItsRestartFindNewOnes() throws Exception {
        try (NsqCluster cluster = NsqCluster.builder().nsqds(2).start()) {
            publish(cluster.nsqd(0), "before", 10);
            cluster.awaitProducers(TOPIC, 1);
            Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
            Config config = Config.builder().maxInFlight(MAX_IN_FLIGHT).lookupdPollInterval(Duration.ofMillis(200))
                    .build();
            try (Consumer consumer = new Consumer(TOPIC, "ch", config,
                    m -> received.computeIfAbsent(new String(m.body(), UTF_8), b -> new AtomicInteger())
                            .incrementAndGet())) {
                consumer.connectToNsqlookupd(cluster.lookupdHttpAddresses().get(0));
                Await.until(WAIT, () -> received.size() == 10, "nsqd 0's first messages");

                cluster.stopLookupd(0);
                publish(cluster.nsqd(0), "down-0", 10);
                publish(cluster.nsqd(1), "down-1", 10);
                Await.until(WAIT, () -> received.size() == 20, "nsqd 0's messages while nsqlookupd is down");

                cluster.startLookupd(0);
                cluster.awaitProducers(TOPIC, 2);
                Await.until(WAIT, () -> received.size() == 30, "nsqd 1, found after the restart");
            }
            assertThat(received.values()).allMatch(count -> count.get() == 1, "each delivered once");
        }
    }

    private static void publish(Nsqd nsqd, String prefix, int count) {
        try (Producer producer = new Producer(LocalNsq.tcp(nsqd), Config.defaults())) {
            producer.multiPublish(TOPIC, bodies(prefix, count).stream().map(b -> b.getBytes(UTF_8)).toList());
        }
    }

    private static List<String> bodies(String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(prefix + "-" + i);
        }
        return bodies;
    }
}
