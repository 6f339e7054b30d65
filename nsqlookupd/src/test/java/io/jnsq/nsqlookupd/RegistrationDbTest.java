package io.jnsq.nsqlookupd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationDbTest {
    private static final Duration INACTIVE = Duration.ofSeconds(300);
    private static final Duration LIFETIME = Duration.ofSeconds(45);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private final RegistrationDb db = new RegistrationDb(clock);
    private final PeerInfo a = peer("127.0.0.1:1001", "a-host", 4151);
    private final PeerInfo b = peer("127.0.0.1:1002", "b-host", 4251);

    private PeerInfo peer(String id, String address, int httpPort) {
        return new PeerInfo(id, address, address, httpPort - 1, httpPort, "1.3.0", "", "", db.now());
    }

    private List<PeerInfo> lookup(String topic) {
        return db.filterByActive(db.findProducers(Registration.TOPIC, topic, ""), INACTIVE, LIFETIME).stream()
                .map(Producer::peer).toList();
    }

    @Test
    void nowIsTheClockInUnixNanoseconds() {
        assertThat(db.now()).isEqualTo(1767323045_000000000L);
    }

    @Test
    void producersAreAddedOncePerRegistrationAndRemovedWithTheCountLeft() {
        Registration topic = Registration.topic("t");
        assertThat(db.addProducer(topic, a)).isTrue();
        assertThat(db.addProducer(topic, a)).isFalse();
        assertThat(db.addProducer(topic, b)).isTrue();

        assertThat(db.removeProducer(topic, a.id())).isEqualTo(new RegistrationDb.Removal(true, 1));
        assertThat(db.removeProducer(topic, a.id())).isEqualTo(new RegistrationDb.Removal(false, 1));
        assertThat(db.removeProducer(topic, b.id())).isEqualTo(new RegistrationDb.Removal(true, 0));
        assertThat(db.removeProducer(Registration.topic("none"), b.id()))
                .isEqualTo(new RegistrationDb.Removal(false, 0));
        // the registration outlives its producers
        assertThat(db.findRegistrations(Registration.TOPIC, "t", "")).containsExactly(topic);
    }

    @Test
    void queriesMatchExactlyOrAnyWithAStar() {
        db.addRegistration(Registration.topic("t1"));
        db.addProducer(Registration.channel("t1", "c1"), a);
        db.addProducer(Registration.channel("t1", "c2"), b);
        db.addProducer(Registration.channel("t2", "c1"), a);
        db.addProducer(Registration.client(), a);

        assertThat(db.findRegistrations(Registration.CHANNEL, "t1", Registration.ANY))
                .containsExactly(Registration.channel("t1", "c1"), Registration.channel("t1", "c2"));
        assertThat(db.findRegistrations(Registration.CHANNEL, Registration.ANY, "c1"))
                .containsExactly(Registration.channel("t1", "c1"), Registration.channel("t2", "c1"));
        assertThat(db.findRegistrations(Registration.CHANNEL, "t1", "c3")).isEmpty();
        assertThat(db.findRegistrations(Registration.TOPIC, Registration.ANY, "")).containsExactly(
                Registration.topic("t1"));
        // one producer per peer across the matching registrations
        assertThat(db.findProducers(Registration.CHANNEL, Registration.ANY, Registration.ANY))
                .extracting(Producer::peer).containsExactly(a, b);
        assertThat(db.lookupRegistrations(a.id())).containsExactly(Registration.channel("t1", "c1"),
                Registration.channel("t2", "c1"), Registration.client());
    }

    @Test
    void aTombstoneHidesTheTopicsProducerForTheLifetimeThenItReturns() {
        db.addProducer(Registration.topic("t"), a);
        db.addProducer(Registration.topic("t"), b);
        db.addProducer(Registration.topic("other"), a);

        assertThat(db.tombstone("t", "a-host:4151")).isEqualTo(1);

        assertThat(lookup("t")).containsExactly(b);
        assertThat(lookup("other")).containsExactly(a);
        clock.advance(LIFETIME.minusNanos(1));
        assertThat(lookup("t")).containsExactly(b);
        clock.advance(Duration.ofNanos(1));
        assertThat(lookup("t")).containsExactly(a, b);
        // the flag stays on the producer, and a zero lifetime hides nothing
        Producer producer = db.findProducers(Registration.TOPIC, "t", "").get(0);
        assertThat(producer.tombstoned()).isTrue();
        assertThat(db.filterByActive(List.of(producer), INACTIVE, Duration.ZERO)).containsExactly(producer);
    }

    @Test
    void aTombstoneNamesTheNodeByBroadcastAddressAndHttpPort() {
        db.addProducer(Registration.topic("t"), a);
        assertThat(db.tombstone("t", "a-host:4150")).isZero();
        assertThat(db.tombstone("t", a.id())).isZero();
        assertThat(db.tombstone("none", "a-host:4151")).isZero();
        assertThat(lookup("t")).containsExactly(a);
    }

    @Test
    void reRegisteringKeepsATombstone() {
        db.addProducer(Registration.topic("t"), a);
        db.tombstone("t", "a-host:4151");
        assertThat(db.addProducer(Registration.topic("t"), a)).isFalse();
        assertThat(lookup("t")).isEmpty();
    }

    @Test
    void aProducerSilentLongerThanTheInactiveTimeoutIsLeftOutUntilItPings() {
        db.addProducer(Registration.topic("t"), a);
        db.addProducer(Registration.topic("t"), b);

        clock.advance(INACTIVE);
        db.touch(b);
        assertThat(lookup("t")).containsExactly(a, b);
        clock.advance(Duration.ofNanos(1));
        assertThat(lookup("t")).containsExactly(b);

        db.touch(a);
        assertThat(lookup("t")).containsExactly(a, b);
    }

    @Test
    void theSnapshotHoldsOnlyRegistrationsWithProducers() {
        db.addRegistration(Registration.topic("empty"));
        db.addProducer(Registration.topic("t"), a);
        db.addProducer(Registration.channel("t", "c"), a);
        db.removeProducer(Registration.channel("t", "c"), a.id());

        assertThat(db.snapshot()).containsOnlyKeys(Registration.topic("t"));
        assertThat(db.snapshot().get(Registration.topic("t"))).extracting(Producer::peer).containsExactly(a);
    }

    @Test
    void removingARegistrationDropsItsProducers() {
        db.addProducer(Registration.channel("t", "c"), a);
        db.removeRegistration(Registration.channel("t", "c"));
        assertThat(db.findRegistrations(Registration.CHANNEL, "t", "c")).isEmpty();
        assertThat(db.lookupRegistrations(a.id())).isEmpty();
    }

    @Test
    void registrationsAreNamedAsInNsqsDebug() {
        assertThat(Registration.client()).hasToString("client::");
        assertThat(Registration.topic("t")).hasToString("topic:t:");
        assertThat(Registration.channel("t", "c")).hasToString("channel:t:c");
    }
}
