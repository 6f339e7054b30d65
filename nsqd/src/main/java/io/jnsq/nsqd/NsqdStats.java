package io.jnsq.nsqd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A snapshot of nsqd's topics, channels and clients, taken by {@link Broker#stats}: what /stats prints and what
 * statsd and Prometheus export. Gathered topic by topic and channel by channel without a global lock, so it is
 * not one instant; every number in it is.
 *
 * <p>Mirrors NSQ's {@code Stats}, including its {@code null}s: {@code topics} is {@code null} when a topic was
 * asked for and does not exist (then {@code producers} is too); {@code producers} is {@code null} when clients
 * were not asked for or no connection has published.
 *
 * @param topics    sorted by name
 * @param producers connections that published over TCP, in no particular order
 */
public record NsqdStats(List<TopicStats> topics, List<ClientStats> producers) {

    /**
     * The stats of {@code topics}, each with every channel or only {@code channelName} unless that is empty (a
     * topic without it is left out); with {@code producers} unless that is {@code null} (clients not asked for),
     * each showing only {@code topicName}'s counts unless that is empty (and listed even if it has none there).
     */
    static NsqdStats gather(List<Topic> topics, String channelName, Collection<? extends Client> producers,
            String topicName) {
        boolean includeClients = producers != null;
        long now = System.nanoTime();
        List<TopicStats> topicStats = new ArrayList<>(topics.size());
        for (Topic topic : topics) {
            TopicStats stats = topic.stats(channelName, includeClients, now);
            if (stats != null) {
                topicStats.add(stats);
            }
        }
        List<ClientStats> producerStats = null;
        if (includeClients) {
            for (Client producer : producers) {
                ClientStats stats = producer.stats();
                if (producerStats == null) {
                    producerStats = new ArrayList<>(producers.size());
                }
                producerStats.add(topicName.isEmpty() ? stats : stats.withPubCountsOf(topicName));
            }
        }
        return new NsqdStats(topicStats, producerStats);
    }
}
