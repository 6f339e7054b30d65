package io.jnsq.nsqd;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Broker}'s way to its nsqlookupd peers, through the server's lookup loop: it tells them of the topics and
 * channels it creates and deletes (NSQ's Notify), and asks them for the channels of a new topic.
 */
public interface LookupdPeers {
    /** No peers: an nsqd without --lookupd-tcp-address, or one not started yet. */
    LookupdPeers NONE = new LookupdPeers() {
        @Override
        public boolean isConfigured() {
            return false;
        }

        @Override
        public List<String> httpAddresses() {
            return List.of();
        }

        @Override
        public CompletableFuture<List<String>> channelsOf(String topic, List<String> httpAddresses) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public void register(String topic, String channel) {
        }

        @Override
        public void unregister(String topic, String channel) {
        }
    };

    /** Whether any nsqlookupd is configured. */
    boolean isConfigured();

    /** The HTTP addresses of the nsqlookupds that answered so far, to ask for a new topic's channels. */
    List<String> httpAddresses();

    /** The channels of {@code topic} that the nsqlookupds at {@code httpAddresses} know, to create in it at once. */
    CompletableFuture<List<String>> channelsOf(String topic, List<String> httpAddresses);

    /** A topic ({@code channel} empty) or a channel was created. */
    void register(String topic, String channel);

    /** A topic ({@code channel} empty) or a channel was deleted. */
    void unregister(String topic, String channel);
}
