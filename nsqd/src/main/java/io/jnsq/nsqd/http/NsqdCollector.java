package io.jnsq.nsqd.http;

import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * nsqd's topics and channels as Prometheus metrics, read from {@link Broker#stats} (without clients) at each scrape:
 * no thread, no state between scrapes. Labels {@code topic} and {@code channel} carry the names as they are,
 * {@code #ephemeral} included. Counters are NSQ's totals since the topic or channel was created; a deleted and
 * recreated one starts again from 0, which Prometheus reads as a counter reset. The names are listed in
 * docs/metrics.md.
 */
final class NsqdCollector implements MultiCollector {
    private static final List<Family<TopicStats>> TOPIC_FAMILIES = List.of(
            Family.gauge("nsq_topic_depth",
                    "Messages in the topic (memory and disk) not yet copied to its channels", TopicStats::depth),
            Family.gauge("nsq_topic_backend_depth", "Of nsq_topic_depth, the messages on disk",
                    TopicStats::backendDepth),
            Family.counter("nsq_topic_messages", "Messages published to the topic", TopicStats::messageCount),
            Family.counter("nsq_topic_message_bytes", "Bytes of message bodies published to the topic",
                    TopicStats::messageBytes),
            Family.gauge("nsq_topic_paused", "1 while the topic is paused, else 0", t -> t.paused() ? 1 : 0));

    private static final List<Family<ChannelStats>> CHANNEL_FAMILIES = List.of(
            Family.gauge("nsq_channel_depth", "Messages in the channel (memory and disk) waiting for a consumer",
                    ChannelStats::depth),
            Family.gauge("nsq_channel_backend_depth", "Of nsq_channel_depth, the messages on disk",
                    ChannelStats::backendDepth),
            Family.gauge("nsq_channel_in_flight_messages",
                    "Messages sent to a consumer and not yet finished, requeued or timed out",
                    ChannelStats::inFlightCount),
            Family.gauge("nsq_channel_deferred_messages", "Messages waiting for their DPUB or REQ delay",
                    ChannelStats::deferredCount),
            Family.counter("nsq_channel_messages", "Messages put into the channel", ChannelStats::messageCount),
            Family.counter("nsq_channel_requeues", "Messages requeued by a consumer (REQ)",
                    ChannelStats::requeueCount),
            Family.counter("nsq_channel_timeouts",
                    "Messages taken back from a consumer: msg_timeout expired, or the consumer went away",
                    ChannelStats::timeoutCount),
            Family.gauge("nsq_channel_clients", "Consumers subscribed to the channel", ChannelStats::clientCount),
            Family.gauge("nsq_channel_paused", "1 while the channel is paused, else 0", c -> c.paused() ? 1 : 0));

    private static final String TOPIC_LATENCY = "nsq_topic_e2e_processing_latency_seconds";
    private static final String CHANNEL_LATENCY = "nsq_channel_e2e_processing_latency_seconds";
    private static final String LATENCY_HELP = "Time from publish to FIN over the last "
            + "--e2e-processing-latency-window-time, at each --e2e-processing-latency-percentile";

    private final Broker broker;

    NsqdCollector(Broker broker) {
        this.broker = broker;
    }

    @Override
    public MetricSnapshots collect() {
        NsqdStats stats = broker.stats("", "", false);
        List<Labelled<TopicStats>> topics = new ArrayList<>();
        List<Labelled<ChannelStats>> channels = new ArrayList<>();
        for (TopicStats topic : stats.topics()) {
            topics.add(new Labelled<>(Labels.of("topic", topic.topicName()), topic));
            for (ChannelStats channel : topic.channels()) {
                channels.add(new Labelled<>(Labels.of("topic", topic.topicName(), "channel", channel.channelName()),
                        channel));
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        if (!topics.isEmpty()) {
            TOPIC_FAMILIES.forEach(family -> snapshots.add(family.snapshot(topics)));
            addLatency(snapshots, TOPIC_LATENCY, topics, TopicStats::e2eProcessingLatency);
        }
        if (!channels.isEmpty()) {
            CHANNEL_FAMILIES.forEach(family -> snapshots.add(family.snapshot(channels)));
            addLatency(snapshots, CHANNEL_LATENCY, channels, ChannelStats::e2eProcessingLatency);
        }
        return new MetricSnapshots(snapshots);
    }

    /**
     * A summary of quantiles only, in seconds; no {@code _count} or {@code _sum}, as the window's count shrinks
     * as it slides and a summary's count must only grow. An empty window is NaN, Prometheus's "no observation"
     * (NSQ's /stats says 0). Without --e2e-processing-latency-percentile there is no family.
     */
    private static <S> void addLatency(List<MetricSnapshot> snapshots, String name, List<Labelled<S>> items,
                                       Function<S, LatencyPercentiles> latency) {
        SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name).help(LATENCY_HELP).unit(Unit.SECONDS);
        boolean any = false;
        for (Labelled<S> item : items) {
            LatencyPercentiles window = latency.apply(item.stats());
            if (window.percentiles() == null) {
                continue;
            }
            List<Quantile> quantiles = new ArrayList<>(window.percentiles().size());
            for (LatencyPercentiles.Percentile p : window.percentiles()) {
                double seconds = window.count() == 0 ? Double.NaN : Unit.nanosToSeconds(p.value());
                quantiles.add(new Quantile(p.quantile(), seconds));
            }
            summary.dataPoint(SummaryDataPointSnapshot.builder().labels(item.labels())
                    .quantiles(Quantiles.of(quantiles)).build());
            any = true;
        }
        if (any) {
            snapshots.add(summary.build());
        }
    }

    private record Labelled<S>(Labels labels, S stats) {
    }

    /** A gauge or counter family and where its value is in a topic's or channel's stats. */
    private record Family<S>(boolean counter, String name, String help, ToDoubleFunction<S> value) {
        static <S> Family<S> gauge(String name, String help, ToDoubleFunction<S> value) {
            return new Family<>(false, name, help, value);
        }

        /** {@code name} without {@code _total}: the writers append it. */
        static <S> Family<S> counter(String name, String help, ToDoubleFunction<S> value) {
            return new Family<>(true, name, help, value);
        }

        MetricSnapshot snapshot(List<Labelled<S>> items) {
            if (counter) {
                CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
                for (Labelled<S> item : items) {
                    family.dataPoint(CounterDataPointSnapshot.builder().labels(item.labels())
                            .value(value.applyAsDouble(item.stats())).build());
                }
                return family.build();
            }
            GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
            for (Labelled<S> item : items) {
                family.dataPoint(GaugeDataPointSnapshot.builder().labels(item.labels())
                        .value(value.applyAsDouble(item.stats())).build());
            }
            return family.build();
        }
    }
}
