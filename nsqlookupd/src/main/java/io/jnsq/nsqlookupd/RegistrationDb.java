package io.jnsq.nsqlookupd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What nsqlookupd knows, in memory only: registrations ({@link Registration}) each with the producers (peers) that
 * registered it. A registration may have no producers: created over HTTP, or left behind when its producers
 * unregistered or disconnected; it stays listed until deleted over HTTP, except an {@code #ephemeral} one, which
 * goes with its last producer's UNREGISTER. Orders are insertion orders (NSQ's are Go's random map orders).
 * Thread-safe: every method holds the DB's lock.
 */
public final class RegistrationDb {
    private final Clock clock;
    private final Map<Registration, Map<String, Producer>> registrations = new LinkedHashMap<>();

    public RegistrationDb(Clock clock) {
        this.clock = clock;
    }

    /** The clock's time in Unix nanoseconds, as liveness and tombstones count it. */
    public long now() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** An IDENTIFY or PING from the peer: it is alive now. */
    public void touch(PeerInfo peer) {
        peer.touch(now());
    }

    /** Adds the registration without producers, if it is new. */
    public synchronized void addRegistration(Registration key) {
        registrations.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    /**
     * Adds the peer to the registration, creating it if needed.
     *
     * @return false when the peer was there already (its producer, tombstone included, is kept)
     */
    public synchronized boolean addProducer(Registration key, PeerInfo peer) {
        Map<String, Producer> producers = registrations.computeIfAbsent(key, k -> new LinkedHashMap<>());
        return producers.putIfAbsent(peer.id(), new Producer(peer)) == null;
    }

    /** What {@link #removeProducer} did: whether the peer was there, and how many producers are left. */
    public record Removal(boolean removed, int left) {
    }

    /** Removes the peer from the registration; the registration stays, even without producers. */
    public synchronized Removal removeProducer(Registration key, String peerId) {
        Map<String, Producer> producers = registrations.get(key);
        if (producers == null) {
            return new Removal(false, 0);
        }
        boolean removed = producers.remove(peerId) != null;
        return new Removal(removed, producers.size());
    }

    /** Deletes the registration with its producers. */
    public synchronized void removeRegistration(Registration key) {
        registrations.remove(key);
    }

    /** The registrations matching the query, where a key or subkey of {@code *} matches any. */
    public synchronized List<Registration> findRegistrations(String category, String key, String subKey) {
        List<Registration> found = new ArrayList<>();
        for (Registration registration : registrations.keySet()) {
            if (registration.matches(category, key, subKey)) {
                found.add(registration);
            }
        }
        return found;
    }

    /** The producers of every matching registration, one per peer. */
    public synchronized List<Producer> findProducers(String category, String key, String subKey) {
        Map<String, Producer> byPeer = new LinkedHashMap<>();
        for (Map.Entry<Registration, Map<String, Producer>> entry : registrations.entrySet()) {
            if (entry.getKey().matches(category, key, subKey)) {
                entry.getValue().forEach(byPeer::putIfAbsent);
            }
        }
        return List.copyOf(byPeer.values());
    }

    /** The peer's producer in the registration, or {@code null}. */
    public synchronized Producer producer(Registration key, String peerId) {
        Map<String, Producer> producers = registrations.get(key);
        return producers == null ? null : producers.get(peerId);
    }

    /** Every registration the peer is a producer of. */
    public synchronized List<Registration> lookupRegistrations(String peerId) {
        List<Registration> found = new ArrayList<>();
        registrations.forEach((registration, producers) -> {
            if (producers.containsKey(peerId)) {
                found.add(registration);
            }
        });
        return found;
    }

    /**
     * Tombstones the producers of the topic whose {@code <broadcast_address>:<http_port>} is {@code node}.
     *
     * @return how many were tombstoned
     */
    public synchronized int tombstone(String topic, String node) {
        long now = now();
        int count = 0;
        for (Producer producer : findProducers(Registration.TOPIC, topic, "")) {
            if (producer.peer().httpNode().equals(node)) {
                producer.tombstone(now);
                count++;
            }
        }
        return count;
    }

    /**
     * NSQ's {@code FilterByActive}: the producers whose peer sent IDENTIFY or PING within {@code inactiveTimeout}
     * and that no tombstone younger than {@code tombstoneLifetime} hides (a zero lifetime hides none).
     */
    public List<Producer> filterByActive(List<Producer> producers, Duration inactiveTimeout,
                                         Duration tombstoneLifetime) {
        return filterByActive(producers, inactiveTimeout, tombstoneLifetime, now());
    }

    /** {@link #filterByActive(List, Duration, Duration)} at {@code now} (Unix nanoseconds). */
    public List<Producer> filterByActive(List<Producer> producers, Duration inactiveTimeout,
                                         Duration tombstoneLifetime, long now) {
        return producers.stream()
                .filter(p -> p.peer().isActive(inactiveTimeout, now) && !p.isTombstoned(tombstoneLifetime, now))
                .toList();
    }

    /** Every registration that has producers, with them, for {@code /debug}. */
    public synchronized Map<Registration, List<Producer>> snapshot() {
        Map<Registration, List<Producer>> snapshot = new LinkedHashMap<>();
        registrations.forEach((registration, producers) -> {
            if (!producers.isEmpty()) {
                snapshot.put(registration, List.copyOf(producers.values()));
            }
        });
        return snapshot;
    }
}
