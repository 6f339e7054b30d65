package io.jnsq.bench;

import io.jnsq.client.Consumer;

/**
 * bench_reader's worker with --client: a jnsq-client Consumer subscribed with max_in_flight 0 (RDY 0) until the
 * run starts, then at {@code --rdy}; every message is finished by the consumer as its handler returns. The handler
 * does nothing and never blocks, so it runs on the connection's I/O thread (concurrency 0), as the raw reader
 * handles each message on the thread that reads it.
 */
final class ClientSubWorker implements BenchRunner.Worker {
    private final Consumer consumer;
    private final int rdy;

    private ClientSubWorker(Consumer consumer, int rdy) {
        this.consumer = consumer;
        this.rdy = rdy;
    }

    static ClientSubWorker connect(BenchOptions options, String channel, int rdy) {
        Consumer consumer = new Consumer(options.topic(), channel,
                options.clientConfig().toBuilder().maxInFlight(0).build(), message -> { }, 0);
        consumer.connectToNsqd(options.nsqdTcpAddress);
        return new ClientSubWorker(consumer, rdy);
    }

    @Override
    public long run(RunPeriod period) throws java.io.IOException {
        consumer.changeMaxInFlight(rdy);
        try {
            while (!period.isOver()) { // the consumer's threads do the work; this one waits for the end
                Thread.sleep(Math.max(1, Math.min(100, period.remainingNanos() / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        consumer.changeMaxInFlight(0);
        return consumer.stats().messagesFinished();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
