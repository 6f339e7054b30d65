package io.jnsq.clusterinfo;

import java.util.List;
import java.util.Map;

/**
 * What NSQ's {@code GetNSQDStats} gathers: each node's topics (sorted by host), and each channel summed over the
 * nodes, keyed by its name when one topic was asked for, else by {@code <topic>:<channel>}.
 */
public record NsqdStats(List<TopicStats> topics, Map<String, ChannelStats> channels) {
}
