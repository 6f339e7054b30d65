package io.jnsq.nsqd.http;

import io.jnsq.common.Version;
import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.GoFloat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of /stats without {@code format=json}, laid out as nsqd 1.3's {@code printStats}. */
final class StatsText {
    /** Go's {@code time.RFC3339} in the local zone, as nsqd prints its start time. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final StringBuilder out = new StringBuilder(4096);
    private final long nowMillis;

    private StatsText(long nowMillis) {
        this.nowMillis = nowMillis;
    }

    /**
     * @param draining  beyond NSQ: a {@code Draining: true} line after the health while nsqd drains, and nothing
     *                  otherwise, so that the text stays NSQ's
     * @param memory    {@code null} leaves the Memory block out
     * @param nowMillis wall-clock time, for how long each client has been connected
     */
    static String format(String health, boolean draining, long startTime, Duration uptime, NsqdStats stats,
                         MemStats memory, ZoneId zone, long nowMillis) {
        return new StatsText(nowMillis).print(health, draining, startTime, uptime, stats, memory, zone);
    }

    private String print(String health, boolean draining, long startTime, Duration uptime, NsqdStats stats,
                         MemStats memory, ZoneId zone) {
        line(Version.string("nsqd"));
        line("start_time " + RFC3339.format(Instant.ofEpochSecond(startTime).atZone(zone)));
        line("uptime " + GoDuration.format(uptime));
        line("");
        line("Health: " + health);
        if (draining) {
            line("Draining: true");
        }
        if (memory != null) {
            printMemory(memory);
        }
        List<TopicStats> topics = stats.topics() == null ? List.of() : stats.topics();
        out.append(topics.isEmpty() ? "\nTopics: None\n" : "\nTopics:");
        for (TopicStats t : topics) {
            out.append('\n');
            line(format("%s[%-15s] depth: %-5d be-depth: %-5d msgs: %-8d e2e%%: %s", t.paused() ? "*P " : "   ",
                    t.topicName(), t.depth(), t.backendDepth(), t.messageCount(), e2e(t.e2eProcessingLatency())));
            for (ChannelStats c : t.channels()) {
                printChannel(c);
            }
        }
        List<ClientStats> producers = stats.producers() == null ? List.of() : stats.producers();
        if (producers.isEmpty()) {
            out.append("\nProducers: None\n");
        } else {
            out.append("\nProducers:\n");
            for (ClientStats p : producers) {
                line("   " + client(p));
            }
        }
        return out.toString();
    }

    private void printMemory(MemStats m) {
        out.append("\nMemory:\n");
        memoryLine("heap_objects", m.heapObjects());
        memoryLine("heap_idle_bytes", m.heapIdleBytes());
        memoryLine("heap_in_use_bytes", m.heapInUseBytes());
        memoryLine("heap_released_bytes", m.heapReleasedBytes());
        memoryLine("gc_pause_usec_100", m.gcPauseUsec100());
        memoryLine("gc_pause_usec_99", m.gcPauseUsec99());
        memoryLine("gc_pause_usec_95", m.gcPauseUsec95());
        memoryLine("next_gc_bytes", m.nextGcBytes());
        memoryLine("gc_total_runs", m.gcTotalRuns());
    }

    private void memoryLine(String name, long value) {
        line(format("   %-25s\t%d", name, value));
    }

    private void printChannel(ChannelStats c) {
        line(format("%s[%-25s] depth: %-5d be-depth: %-5d inflt: %-4d def: %-4d re-q: %-5d timeout: %-5d msgs: %-8d "
                        + "e2e%%: %s", c.paused() ? "   *P " : "      ", c.channelName(), c.depth(), c.backendDepth(),
                c.inFlightCount(), c.deferredCount(), c.requeueCount(), c.timeoutCount(), c.messageCount(),
                e2e(c.e2eProcessingLatency())));
        if (c.clients() != null) {
            for (ClientStats client : c.clients()) {
                line("        " + client(client));
            }
        }
    }

    /**
     * NSQ's {@code ClientV2Stats.String}: a producer line for a connection that published, else a consumer's.
     * Padded by hand: there is one line per client, and String.format would make thousands of them slow.
     */
    private String client(ClientStats c) {
        String id = c.hostname() + ":" + port(c.remoteAddress()) + " " + c.userAgent();
        String connected = GoDuration.format(Duration.ofSeconds((nowMillis - c.connectTs() * 1000) / 1000));
        StringBuilder line = new StringBuilder(160).append('[').append(c.version()).append(' ');
        padded(line, id, 21).append(']');
        if (c.isProducer()) {
            long total = 0;
            List<String> topics = new ArrayList<>();
            for (ClientStats.PubCount p : c.pubCounts()) {
                total += p.count();
                topics.add(p.topic() + "=" + p.count());
            }
            padded(line.append(" msgs: "), total, 8).append(" topics: ").append(String.join(",", topics));
        } else {
            line.append(" state: ").append(c.state());
            padded(line.append(" inflt: "), c.inFlightCount(), 4);
            padded(line.append(" rdy: "), c.readyCount(), 4);
            padded(line.append(" fin: "), c.finishCount(), 8);
            padded(line.append(" re-q: "), c.requeueCount(), 8);
            padded(line.append(" msgs: "), c.messageCount(), 8);
        }
        return line.append(" connected: ").append(connected).toString();
    }

    /** Go's {@code %-<width>s} and {@code %-<width>d}: the value, then spaces up to {@code width} characters. */
    private static StringBuilder padded(StringBuilder line, Object value, int width) {
        int start = line.length();
        line.append(value);
        while (line.length() - start < width) {
            line.append(' ');
        }
        return line;
    }

    /** The port of {@code host:port} (Go's {@code net.SplitHostPort}), or "" when there is none. */
    private static String port(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? "" : address.substring(colon + 1);
    }

    /** NSQ's {@code quantile.Result.String}: each value with one decimal in s, ms, us or ns, joined by ", ". */
    static String e2e(LatencyPercentiles latency) {
        if (latency.percentiles() == null) {
            return "";
        }
        List<String> values = new ArrayList<>();
        for (LatencyPercentiles.Percentile p : latency.percentiles()) {
            values.add(nanosToHuman(p.value()));
        }
        return String.join(", ", values);
    }

    private static String nanosToHuman(double v) {
        if (v > 1e9) {
            return GoFloat.oneDecimal(v / 1e9) + "s";
        }
        if (v > 1e6) {
            return GoFloat.oneDecimal(v / 1e6) + "ms";
        }
        if (v > 1e3) {
            return GoFloat.oneDecimal(v / 1e3) + "us";
        }
        return GoFloat.oneDecimal(v) + "ns";
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
