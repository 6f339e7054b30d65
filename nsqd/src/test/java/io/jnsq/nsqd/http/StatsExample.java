package io.jnsq.nsqd.http;

import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.ClientStats;
import io.jnsq.nsqd.ClientStats.PubCount;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.LatencyPercentiles.Percentile;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The stats of the reference's observed /stats example (nsqd.md §3.4, copied into the test resources
 * {@code stats-example.json} and {@code stats-example.txt}) as our model, so that the bytes we write can be
 * compared with the bytes nsqd 1.3 wrote.
 */
final class StatsExample {
    static final long START_TIME = 1795262778;
    static final long CONSUMER_CONNECT_TS = 1795262875;
    static final long PRODUCER_CONNECT_TS = 1795262876;

    private StatsExample() {
    }

    static LatencyPercentiles latency(long count, long v100, long v99, long v50) {
        return new LatencyPercentiles(count,
                List.of(new Percentile(1.0, v100), new Percentile(0.99, v99), new Percentile(0.5, v50)));
    }

    static ClientStats consumer() {
        return new ClientStats("vm", "vm", "V2", "127.0.0.1:35584", 3, 200, 0, 7, 7, 0, CONSUMER_CONNECT_TS, 0,
                false, false, "nsq_tail/1.3.0 go-nsq/1.1.0", false, "", "", "", "", List.of(), false, "", "", "",
                false);
    }

    static ClientStats producer() {
        return new ClientStats("demo-producer", "producer.local", "V2", "127.0.0.1:35586", 0, 0, 0, 0, 0, 0,
                PRODUCER_CONNECT_TS, 0, false, false, "probe-producer/1.0", false, "", "", "", "",
                List.of(new PubCount("example_topic", 7)), false, "", "", "", false);
    }

    static NsqdStats stats() {
        LatencyPercentiles measured = latency(7, 159014360, 159014360, 158925258);
        ChannelStats example = new ChannelStats("example_channel", 0, 0, 0, 1, 8, 0, 0, 7, 0, 0, 1,
                List.of(consumer()), false, measured);
        ChannelStats paused = new ChannelStats("paused_channel", 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, List.of(), true,
                latency(0, 0, 0, 0));
        TopicStats topic = new TopicStats("example_topic", List.of(example, paused), 0, 0, 8, 44, false, measured);
        return new NsqdStats(List.of(topic), List.of(producer()));
    }

    static MemStats memory() {
        return new MemStats(6397, 1761280, 1875968, 1728512, 0, 0, 0, 4194304, 0);
    }

    static String resource(String name) {
        try (InputStream in = StatsExample.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
