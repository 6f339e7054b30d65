package io.jnsq.bench;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * bench_writer's worker: one connection that publishes the same MPUB, encoded once, again and again, waiting
 * for nsqd's answer to each before sending the next, until its run time is over.
 */
final class PubWorker implements BenchRunner.Worker {
    /** How long to wait for nsqd's answer to one MPUB before calling the server hung. */
    static final int RESPONSE_TIMEOUT_MILLIS = 60_000;
    /** The answers are ten-byte frames; this only has to hold the odd heartbeat as well. */
    private static final int READ_BUFFER_SIZE = 4096;

    private final Connection connection;
    private final byte[] mpub;
    private final int batchSize;
    private final RoundTrips roundTrips;

    private PubWorker(Connection connection, byte[] mpub, int batchSize, RoundTrips roundTrips) {
        this.connection = connection;
        this.mpub = mpub;
        this.batchSize = batchSize;
        this.roundTrips = roundTrips;
    }

    /**
     * Dials nsqd, identifies and upgrades the connection to {@code features}; {@code mpub} is the complete MPUB
     * command carrying {@code batchSize} messages; each MPUB's round trip goes to {@code roundTrips}.
     */
    static PubWorker connect(InetSocketAddress address, byte[] identify, Features features, byte[] mpub,
            int batchSize, RoundTrips roundTrips) throws IOException {
        Connection connection = Connection.open(address, READ_BUFFER_SIZE);
        try {
            connection.identify(identify, features);
            connection.socket().setSoTimeout(RESPONSE_TIMEOUT_MILLIS);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        return new PubWorker(connection, mpub, batchSize, roundTrips);
    }

    @Override
    public long run(RunPeriod period) throws IOException {
        long messages = 0;
        do {
            long sent = System.nanoTime();
            connection.write(mpub);
            connection.readResponse("MPUB");
            if (period.counts(sent)) {
                messages += batchSize;
                roundTrips.record(System.nanoTime() - sent);
            }
        } while (!period.isOver());
        return messages;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
