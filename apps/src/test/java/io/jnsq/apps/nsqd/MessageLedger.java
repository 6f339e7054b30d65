package io.jnsq.apps.nsqd;

import io.jnsq.protocol.Message;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was published to one topic in a crash test, what of it was acknowledged, and what came back how often.
 * A body is its key ({@code <letter><round>-<number>}), a space and padding.
 */
final class MessageLedger {
    final String topic;
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> received = new ConcurrentHashMap<>();

    MessageLedger(String topic) {
        this.topic = topic;
    }

    /** Counts a delivery; returns its key. */
    String receive(Message m) {
        String key = key(m.bodyText());
        received.merge(key, 1, Integer::sum);
        return key;
    }

    /** Acknowledged and not received, in publishing order. */
    List<String> ackedNotReceived() {
        return acked.stream().filter(k -> !received.containsKey(k)).sorted(BY_ROUND_AND_NUMBER).toList();
    }

    List<String> unknown() {
        return received.keySet().stream().filter(k -> !sent.contains(k)).sorted().toList();
    }

    /** Received although their OK never arrived: written before the kill, answered too late. */
    long unacked() {
        return received.keySet().stream().filter(k -> !acked.contains(k)).count();
    }

    int duplicates() {
        return received.values().stream().mapToInt(n -> n - 1).sum();
    }

    static String key(String body) {
        int space = body.indexOf(' ');
        return space < 0 ? body : body.substring(0, space);
    }

    /** The round a key was published in. */
    static int round(String key) {
        return Integer.parseInt(key.substring(1, key.indexOf('-')));
    }

    static final Comparator<String> BY_ROUND_AND_NUMBER = Comparator.comparingInt(MessageLedger::round)
            .thenComparingInt(k -> Integer.parseInt(k.substring(k.indexOf('-') + 1)));
}
