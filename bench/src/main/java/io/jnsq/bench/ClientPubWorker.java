package io.jnsq.bench;

import io.jnsq.client.Producer;
import java.util.Collections;
import java.util.List;

/** bench_writer's worker with --client: the same MPUB loop as {@link PubWorker}, through jnsq-client's Producer. */
final class ClientPubWorker implements BenchRunner.Worker {
    private final Producer producer;
    private final String topic;
    private final List<byte[]> batch;
    private final RoundTrips roundTrips;

    private ClientPubWorker(Producer producer, String topic, List<byte[]> batch, RoundTrips roundTrips) {
        this.producer = producer;
        this.topic = topic;
        this.batch = batch;
        this.roundTrips = roundTrips;
    }

    /** Connects before the timing starts: the producer's first publish would otherwise dial. */
    static ClientPubWorker connect(BenchOptions options, int batchSize, RoundTrips roundTrips) {
        Producer producer = new Producer(options.nsqdTcpAddress, options.clientConfig());
        producer.ping();
        return new ClientPubWorker(producer, options.topic(),
                Collections.nCopies(batchSize, new byte[options.size()]), roundTrips);
    }

    @Override
    public long run(RunPeriod period) {
        long messages = 0;
        do {
            long sent = System.nanoTime();
            producer.multiPublish(topic, batch);
            if (period.counts(sent)) {
                messages += batch.size();
                roundTrips.record(System.nanoTime() - sent);
            }
        } while (!period.isOver());
        return messages;
    }

    @Override
    public void close() {
        producer.close();
    }
}
