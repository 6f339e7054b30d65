package io.jnsq.testsupport;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.protocol.HostPort;
import io.jnsq.testwire.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A cluster of nsqd and nsqlookupd in this JVM, for tests: every listener on 127.0.0.1, every nsqd registered with
 * every nsqlookupd.
 *
 * <pre>{@code
 * try (NsqCluster cluster = NsqCluster.builder().nsqds(3).lookupds(2).start()) {
 *     cluster.nsqd(0).broker().topic("orders");
 *     cluster.awaitProducers("orders", 1);
 *     consumerDiscovering(cluster.lookupdHttpAddresses());
 * }
 * }</pre>
 *
 * <p>Listeners bind free ports at the first start; a node stopped with {@link #stopNsqd} or {@link #stopLookupd}
 * starts again on the same ports (and an nsqd with the same data directory, so its {@code nsqd.dat} and queued
 * messages survive), as a restarted daemon would. nsqlookupd nodes start first, so every nsqd gets each one's TCP
 * address in {@code --lookupd-tcp-address}. Not thread-safe: start and stop nodes from one thread.
 */
public final class NsqCluster implements AutoCloseable {
    /** How long {@link #awaitProducers} waits: beyond nsqd's longest reconnection backoff (5 s). */
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final List<NsqlookupdOptions> lookupdOptions = new ArrayList<>();
    private final List<NsqdOptions> nsqdOptions = new ArrayList<>();
    private final Nsqlookupd[] lookupds;
    private final Nsqd[] nsqds;
    private final Path dataDirectory;
    private final boolean deleteDataDirectory;

    private NsqCluster(Builder builder) throws IOException {
        lookupds = new Nsqlookupd[builder.lookupds];
        nsqds = new Nsqd[builder.nsqds];
        deleteDataDirectory = builder.dataDirectory == null;
        dataDirectory = deleteDataDirectory ? Files.createTempDirectory("jnsq-cluster") : builder.dataDirectory;
        try {
            for (int i = 0; i < lookupds.length; i++) {
                NsqlookupdOptions options = new NsqlookupdOptions();
                options.tcpAddress = "127.0.0.1:0";
                options.httpAddress = "127.0.0.1:0";
                options.broadcastAddress = "127.0.0.1";
                builder.lookupdOptions.accept(options);
                lookupdOptions.add(options);
                startLookupd(i);
            }
            for (int i = 0; i < nsqds.length; i++) {
                NsqdOptions options = new NsqdOptions();
                options.nodeId = i;
                options.tcpAddress = "127.0.0.1:0";
                options.httpAddress = "127.0.0.1:0";
                options.httpsAddress = "127.0.0.1:0"; // bound only when the options give nsqd a certificate
                options.broadcastAddress = "127.0.0.1";
                options.nsqlookupdTcpAddresses = new ArrayList<>(lookupdTcpAddresses());
                options.dataPath = Files.createDirectories(dataDirectory.resolve("nsqd" + i)).toString();
                builder.nsqdOptions.accept(options);
                nsqdOptions.add(options);
                startNsqd(i);
            }
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** A cluster of one nsqd and one nsqlookupd unless the builder says otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running nsqd number {@code i} (from 0).
     *
     * @throws IllegalStateException if it is stopped
     */
    public Nsqd nsqd(int i) {
        Nsqd nsqd = nsqds[Objects.checkIndex(i, nsqds.length)];
        if (nsqd == null) {
            throw new IllegalStateException("nsqd " + i + " is stopped");
        }
        return nsqd;
    }

    /**
     * The running nsqlookupd number {@code i} (from 0).
     *
     * @throws IllegalStateException if it is stopped
     */
    public Nsqlookupd lookupd(int i) {
        Nsqlookupd lookupd = lookupds[Objects.checkIndex(i, lookupds.length)];
        if (lookupd == null) {
            throw new IllegalStateException("nsqlookupd " + i + " is stopped");
        }
        return lookupd;
    }

    /** Each nsqd's {@code 127.0.0.1:port} for TCP (protocol V2), in node order; the same across restarts. */
    public List<String> nsqdTcpAddresses() {
        return nsqdOptions.stream().map(o -> o.tcpAddress).toList();
    }

    /** Each nsqd's {@code 127.0.0.1:port} for HTTP, in node order: its {@code node} in nsqlookupd's API. */
    public List<String> nsqdHttpAddresses() {
        return nsqdOptions.stream().map(o -> o.httpAddress).toList();
    }

    /** Each nsqlookupd's {@code 127.0.0.1:port} for TCP (protocol V1), where nsqd registers. */
    public List<String> lookupdTcpAddresses() {
        return lookupdOptions.stream().map(o -> o.tcpAddress).toList();
    }

    /** Each nsqlookupd's {@code 127.0.0.1:port} for HTTP: what consumers are given to discover nsqd. */
    public List<String> lookupdHttpAddresses() {
        return lookupdOptions.stream().map(o -> o.httpAddress).toList();
    }

    /** Starts nsqd {@code i} again, on its ports and with its data directory. */
    public Nsqd startNsqd(int i) throws IOException {
        NsqdOptions options = nsqdOptions.get(i);
        if (nsqds[i] != null) {
            throw new IllegalStateException("nsqd " + i + " is running");
        }
        Nsqd nsqd = new Nsqd(options).start();
        nsqds[i] = nsqd;
        options.tcpAddress = bound(nsqd.tcpAddress(), options.tcpAddress);
        options.httpAddress = bound(nsqd.httpAddress(), options.httpAddress);
        options.httpsAddress = bound(nsqd.httpsAddress(), options.httpsAddress);
        return nsqd;
    }

    /** Stops nsqd {@code i} gracefully (it saves its topics, channels and messages), if it is running. */
    public void stopNsqd(int i) {
        Nsqd nsqd = nsqds[Objects.checkIndex(i, nsqds.length)];
        nsqds[i] = null;
        if (nsqd != null) {
            nsqd.close();
        }
    }

    /** Starts nsqlookupd {@code i} again, on its ports, with no registrations until nsqd reconnects. */
    public Nsqlookupd startLookupd(int i) throws IOException {
        NsqlookupdOptions options = lookupdOptions.get(i);
        if (lookupds[i] != null) {
            throw new IllegalStateException("nsqlookupd " + i + " is running");
        }
        Nsqlookupd lookupd = new Nsqlookupd(options).start();
        lookupds[i] = lookupd;
        options.tcpAddress = bound(lookupd.tcpAddress(), options.tcpAddress);
        options.httpAddress = bound(lookupd.httpAddress(), options.httpAddress);
        return lookupd;
    }

    /** The address to bind at the next start: the port bound now, so that a restart keeps it. */
    private static String bound(InetSocketAddress address, String configured) {
        return address == null ? configured : HostPort.format(address);
    }

    /** Stops nsqlookupd {@code i}, if it is running; its registrations are lost, as NSQ's are. */
    public void stopLookupd(int i) {
        Nsqlookupd lookupd = lookupds[Objects.checkIndex(i, lookupds.length)];
        lookupds[i] = null;
        if (lookupd != null) {
            lookupd.close();
        }
    }

    /**
     * Waits until every running nsqlookupd has exactly {@code count} producers registered for {@code topic}
     * (tombstoned or not), for at most 10 s.
     *
     * @throws AssertionError if one does not within that time
     */
    public void awaitProducers(String topic, int count) {
        for (int i = 0; i < lookupds.length; i++) {
            Nsqlookupd lookupd = lookupds[i];
            if (lookupd != null) {
                Await.until(AWAIT, () -> lookupd.db().findProducers(Registration.TOPIC, topic, "").size() == count,
                        count + " producers of " + topic + " in nsqlookupd " + i);
            }
        }
    }

    /**
     * Stops every nsqd, then every nsqlookupd, newest first, then deletes the temporary data directory. Each step
     * runs even if an earlier one failed; the first failure is thrown, the others added to it as suppressed.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = nsqds.length - 1; i >= 0; i--) {
            int node = i;
            failure = collect(failure, () -> stopNsqd(node));
        }
        for (int i = lookupds.length - 1; i >= 0; i--) {
            int node = i;
            failure = collect(failure, () -> stopLookupd(node));
        }
        if (deleteDataDirectory) {
            failure = collect(failure, () -> deleteRecursively(dataDirectory));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException collect(RuntimeException failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + directory, e);
        }
    }

    /** What to start: how many nodes of each daemon, their options, where nsqd keeps its data. */
    public static final class Builder {
        private int nsqds = 1;
        private int lookupds = 1;
        private Consumer<NsqdOptions> nsqdOptions = options -> { };
        private Consumer<NsqlookupdOptions> lookupdOptions = options -> { };
        private Path dataDirectory;

        private Builder() {
        }

        /** How many nsqd to start (default 1). */
        public Builder nsqds(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("nsqds must be 0 or more, not " + count);
            }
            this.nsqds = count;
            return this;
        }

        /** How many nsqlookupd to start (default 1; 0 for nsqd nodes on their own). */
        public Builder lookupds(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("lookupds must be 0 or more, not " + count);
            }
            this.lookupds = count;
            return this;
        }

        /**
         * Changes each nsqd's options after the cluster set its own: listeners on {@code 127.0.0.1:0}, broadcast
         * address {@code 127.0.0.1}, node id = its number, a data path of its own, every nsqlookupd's TCP address.
         */
        public Builder nsqdOptions(Consumer<NsqdOptions> configure) {
            this.nsqdOptions = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * Changes each nsqlookupd's options after the cluster set its own: listeners on {@code 127.0.0.1:0},
         * broadcast address {@code 127.0.0.1}.
         */
        public Builder lookupdOptions(Consumer<NsqlookupdOptions> configure) {
            this.lookupdOptions = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * Keeps nsqd data under {@code directory} ({@code nsqd0}, {@code nsqd1}, ...), which outlives the cluster.
         * Without it, a temporary directory is used and deleted on {@link NsqCluster#close}.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Starts the nsqlookupd nodes, then the nsqd nodes.
         *
         * @throws IOException when a listener cannot be bound or a data directory made; nothing is left running then
         */
        public NsqCluster start() throws IOException {
            return new NsqCluster(this);
        }
    }
}
