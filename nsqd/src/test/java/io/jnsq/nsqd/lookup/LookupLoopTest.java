package io.jnsq.nsqd.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.PeerInfo;
import io.jnsq.nsqlookupd.Producer;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.protocol.Hostname;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TcpProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nsqd registering with a real nsqlookupd in the same JVM, both on loopback ports. */
class LookupLoopTest extends LookupTestBase {
    /** A reconnection after a partition: the backoff (up to 5 s), then a read deadline (1 s), on a loaded machine. */
    private static final Duration RECONNECTED = Duration.ofSeconds(30);

    private Nsqlookupd lookupd(String tcpAddress) throws IOException {
        return lookupd(options -> options.tcpAddress = tcpAddress);
    }

    private Nsqd nsqd(Nsqlookupd... lookupds) throws IOException {
        return nsqd(options -> options.broadcastAddress = "nsqd.test", lookupds);
    }

    private static List<Integer> producerPorts(Nsqlookupd lookupd, Registration key) {
        return lookupd.db().findProducers(key.category(), key.key(), key.subKey()).stream()
                .map(p -> (int) p.peer().tcpPort()).toList();
    }

    private static List<String> peerIds(Nsqlookupd lookupd, Registration key) {
        return lookupd.db().findProducers(key.category(), key.key(), key.subKey()).stream()
                .map(p -> p.peer().id()).toList();
    }

    private static void awaitProducers(Nsqlookupd lookupd, Registration key, List<Integer> ports) {
        Await.until(EVENTUALLY, () -> producerPorts(lookupd, key).equals(ports), key + " producers " + ports);
    }

    @Test
    void identifiesWithItsBroadcastAddressAndPorts() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1:0");
        Nsqd nsqd = nsqd(lookupd);

        awaitProducers(lookupd, Registration.client(), List.of(nsqd.tcpAddress().getPort()));
        PeerInfo peer = lookupd.db().findProducers(Registration.CLIENT, "", "").get(0).peer();
        assertThat(peer.broadcastAddress()).isEqualTo("nsqd.test");
        assertThat(peer.httpPort()).isEqualTo(nsqd.httpAddress().getPort());
        assertThat(peer.hostname()).isEqualTo(Hostname.os());
        assertThat(peer.version()).isEqualTo("1.3.0");
    }

    @Test
    void topicsAndChannelsAreRegisteredAsTheyComeAndGo() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1:0");
        Nsqd nsqd = nsqd(lookupd);
        List<Integer> self = List.of(nsqd.tcpAddress().getPort());

        Topic topic = nsqd.broker().topic("t");
        awaitProducers(lookupd, Registration.topic("t"), self);
        topic.channel("c");
        topic.channel("e#ephemeral");
        awaitProducers(lookupd, Registration.channel("t", "c"), self);
        awaitProducers(lookupd, Registration.channel("t", "e#ephemeral"), self);

        topic.deleteChannel("c");
        topic.deleteChannel("e#ephemeral");
        awaitProducers(lookupd, Registration.channel("t", "c"), List.of());
        Await.until(EVENTUALLY, () -> lookupd.db().findRegistrations(Registration.CHANNEL, "t", "e#ephemeral")
                .isEmpty(), "the ephemeral channel to go");

        nsqd.broker().deleteTopic("t");
        awaitProducers(lookupd, Registration.topic("t"), List.of());
        // still registered as a node
        assertThat(producerPorts(lookupd, Registration.client())).isEqualTo(self);
    }

    @Test
    void anEphemeralTopicGoesFromLookupdWithItsLastChannel() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1:0");
        Nsqd nsqd = nsqd(lookupd);
        Topic topic = nsqd.broker().topic("t#ephemeral");
        topic.channel("c#ephemeral");
        awaitProducers(lookupd, Registration.channel("t#ephemeral", "c#ephemeral"), List.of(nsqd.tcpAddress()
                .getPort()));

        topic.deleteChannel("c#ephemeral");

        Await.until(EVENTUALLY, () -> lookupd.db().findRegistrations(Registration.TOPIC, Registration.ANY, "")
                .isEmpty() && lookupd.db().findRegistrations(Registration.CHANNEL, Registration.ANY,
                Registration.ANY).isEmpty(), "the ephemeral topic and channel to go");
    }

    @Test
    void peersAddedAtRuntimeGetEveryTopicAndChannelAndRemovedOnesTheDisconnect() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1:0");
        Nsqd nsqd = nsqd();
        nsqd.broker().topic("alone");
        nsqd.broker().topic("t").channel("c");
        List<Integer> self = List.of(nsqd.tcpAddress().getPort());

        nsqd.setNsqlookupdTcpAddresses(List.of("127.0.0.1:" + lookupd.tcpAddress().getPort()));

        awaitProducers(lookupd, Registration.topic("alone"), self);
        awaitProducers(lookupd, Registration.channel("t", "c"), self);
        awaitProducers(lookupd, Registration.topic("t"), self);

        nsqd.setNsqlookupdTcpAddresses(List.of());

        awaitProducers(lookupd, Registration.client(), List.of());
        assertThat(producerPorts(lookupd, Registration.topic("t"))).isEmpty();
    }

    @Test
    void aRestartedLookupdGetsEverythingRegisteredAgainWithinSeconds() throws Exception {
        Nsqlookupd first = lookupd("127.0.0.1:0");
        int port = first.tcpAddress().getPort();
        Nsqd nsqd = nsqd(first);
        nsqd.broker().topic("t").channel("c");
        List<Integer> self = List.of(nsqd.tcpAddress().getPort());
        awaitProducers(first, Registration.channel("t", "c"), self);

        first.close();
        Nsqlookupd second = lookupd("127.0.0.1:" + port);

        awaitProducers(second, Registration.channel("t", "c"), self);
        awaitProducers(second, Registration.topic("t"), self);
        assertThat(second.db().findProducers(Registration.CLIENT, "", "")).extracting(Producer::peer)
                .extracting(PeerInfo::tcpPort).containsExactly((long) nsqd.tcpAddress().getPort());
    }

    @Test
    void pingsKeepTheNodeAlive() throws Exception {
        Nsqlookupd lookupd = lookupd("127.0.0.1:0");
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dataDir.toString();
        options.nsqlookupdTcpAddresses.add("127.0.0.1:" + lookupd.tcpAddress().getPort());
        // not started: it only has to hold topics (none) for a loop of our own, with a short PING interval
        Nsqd nsqd = new Nsqd(options);
        running.add(nsqd);
        running.add(LookupLoop.start(nsqd.broker(), nsqd::nsqlookupdTcpAddresses, 4150, 4151, Duration.ofMillis(100)));
        PeerInfo peer = Await.untilNonNull(EVENTUALLY, () -> lookupd.db().findProducers(Registration.CLIENT, "", "")
                .stream().map(Producer::peer).findFirst().orElse(null), "the loop to identify");
        long identified = peer.lastUpdate();

        Await.until(EVENTUALLY, () -> peer.lastUpdate() > identified, "a PING");
    }

    /**
     * A partition that drops packets between nsqd and one nsqlookupd, rather than resetting the connection: nsqd
     * finds out when its commands go unanswered (a 1 s read deadline), meanwhile registers with the other
     * nsqlookupd, and once the link heals registers again by itself, with what was created during the partition.
     */
    @Test
    void aSilentPartitionFromOneLookupdHoldsUpNeitherTheOtherNorItsOwnHealing() throws Exception {
        Nsqlookupd cutOff = lookupd("127.0.0.1:0");
        Nsqlookupd other = lookupd("127.0.0.1:0");
        TcpProxy proxy = TcpProxy.to(cutOff::tcpAddress);
        running.add(proxy);
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dataDir.toString();
        options.nsqlookupdTcpAddresses.add("127.0.0.1:" + proxy.address().getPort());
        options.nsqlookupdTcpAddresses.add("127.0.0.1:" + other.tcpAddress().getPort());
        Nsqd nsqd = new Nsqd(options);
        running.add(nsqd);
        LookupLoop loop = LookupLoop.start(nsqd.broker(), nsqd::nsqlookupdTcpAddresses, 4150, 4151,
                Duration.ofMillis(200));
        running.add(loop);
        awaitProducers(cutOff, Registration.client(), List.of(4150));
        awaitProducers(other, Registration.client(), List.of(4150));
        String cutConnection = peerIds(cutOff, Registration.client()).get(0);
        int dialled = proxy.accepted();

        proxy.silence();
        nsqd.broker().topic("during"); // to be registered again at a reconnection
        loop.register("during", ""); // what a started nsqd does as it creates the topic
        // the silenced peer costs the loop its read deadline per command, no more
        Await.until(Duration.ofSeconds(5), () -> producerPorts(other, Registration.topic("during")).equals(List.of(4150)),
                "the other nsqlookupd to get the registration made during the partition");
        assertThat(producerPorts(cutOff, Registration.topic("during"))).isEmpty();
        // the peers are asked in no set order: the silenced one may not have missed its read deadline yet
        Await.until(EVENTUALLY, () -> proxy.accepted() > dialled, "nsqd to give up on the silent connection");

        proxy.heal();
        // What the partition held arrives now on the connection nsqd gave up on (its REGISTER and PINGs, which
        // briefly make that connection look current), then that connection's close, which takes its
        // registrations; nsqd reconnects (backoff up to 5 s) and registers everything again. Settled once a single,
        // new connection holds both registrations.
        String healed;
        try {
            healed = Await.untilNonNull(RECONNECTED, () -> {
                List<String> clients = peerIds(cutOff, Registration.client());
                return clients.size() == 1 && !clients.contains(cutConnection)
                        && peerIds(cutOff, Registration.topic("during")).equals(clients) ? clients.get(0) : null;
            }, "nsqd registered again, once, on a new connection, with what was created during the partition");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; connection before the partition " + cutConnection
                    + ", clients now " + peerIds(cutOff, Registration.client()) + ", producers of the topic "
                    + peerIds(cutOff, Registration.topic("during")), e);
        }
        long registered = cutOff.db().findProducers(Registration.CLIENT, "", "").get(0).peer().lastUpdate();
        Await.until(EVENTUALLY, () -> cutOff.db().findProducers(Registration.CLIENT, "", "").stream()
                .anyMatch(p -> p.peer().lastUpdate() > registered), "a PING over the healed link");
        assertThat(peerIds(cutOff, Registration.client())).containsExactly(healed);
        assertThat(peerIds(cutOff, Registration.topic("during"))).containsExactly(healed);
    }

    @Test
    void twoLookupdsBothGetEveryRegistration() throws Exception {
        Nsqlookupd a = lookupd("127.0.0.1:0");
        Nsqlookupd b = lookupd("127.0.0.1:0");
        Nsqd nsqd = nsqd(a, b);
        nsqd.broker().topic("t").channel("c");
        List<Integer> self = List.of(nsqd.tcpAddress().getPort());

        awaitProducers(a, Registration.channel("t", "c"), self);
        awaitProducers(b, Registration.channel("t", "c"), self);
    }
}
