package io.jnsq.apps.nsqstat;

import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.tools.ChannelTotals;
import io.jnsq.clusterinfo.ChannelStats;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.clusterinfo.PartialErrors;
import io.jnsq.clusterinfo.Producer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * nsq_stat's work: every {@code --interval}, find the nsqd that have the topic, sum the channel's stats over them
 * and print a row of rates and totals. The first poll only primes (rates need a previous poll); the header goes
 * before the first poll and every 25th. After {@code --count} rows (and one more interval, as NSQ sleeps after
 * every poll) it ends with status 0; SIGHUP, SIGINT or SIGTERM end it at once with status 0. Any failure to reach
 * the cluster, and a channel the topic's nsqd do not have, are fatal.
 */
public final class NsqStat implements ToolMain.Tool {
    private final NsqStatOptions options;
    private final OutputStream stdout;
    private final ClusterInfo cluster;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public NsqStat(NsqStatOptions options, OutputStream stdout) {
        this.options = options;
        this.stdout = stdout;
        this.cluster = new ClusterInfo(options.httpConnectTimeout, options.httpRequestTimeout);
    }

    @Override
    public int run() throws Exception {
        ChannelTotals previous = null;
        for (int poll = 0; options.count == null || options.count >= poll; poll++) {
            if (stopped.getCount() == 0) {
                return 0;
            }
            ChannelTotals current = poll();
            StringBuilder out = new StringBuilder();
            if (StatFormat.headerBefore(poll)) {
                out.append(StatFormat.HEADER);
            }
            if (previous != null) {
                out.append(StatFormat.row(previous, current, options.interval));
            }
            print(out.toString());
            previous = current;
            if (stopped.await(options.interval.toNanos(), TimeUnit.NANOSECONDS)) {
                return 0;
            }
        }
        return 0;
    }

    /** SIGHUP, SIGINT or SIGTERM. */
    @Override
    public void stop() {
        stopped.countDown();
    }

    private ChannelTotals poll() throws Exception {
        List<Producer> producers;
        try {
            PartialErrors errors = new PartialErrors();
            producers = cluster.topicProducers(options.topic, options.lookupdHttpAddresses,
                    options.nsqdHttpAddresses, errors);
            errors.throwIfAny();
        } catch (IOException e) {
            throw new IOException("ERROR: failed to get topic producers - " + e.getMessage(), e);
        }
        Map<String, ChannelStats> channels;
        try {
            PartialErrors errors = new PartialErrors();
            channels = cluster.nsqdStats(producers, options.topic, options.channel, false, errors).channels();
            errors.throwIfAny();
        } catch (IOException e) {
            throw new IOException("ERROR: failed to get nsqd stats - " + e.getMessage(), e);
        }
        ChannelStats stats = channels.get(options.channel);
        if (stats == null) {
            throw new IOException(String.format("ERROR: failed to find channel(%s) in stats metadata for topic(%s)",
                    options.channel, options.topic));
        }
        return ChannelTotals.of(stats);
    }

    private void print(String text) throws IOException {
        if (!text.isEmpty()) {
            stdout.write(text.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        }
    }
}
