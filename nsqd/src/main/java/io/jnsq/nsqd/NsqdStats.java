package io.jnsq.nsqd;

import java.util.List;

/**
 * A snapshot of nsqd's topics, channels and clients, taken by {@link Nsqd#stats}: what /stats prints and what
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
}
