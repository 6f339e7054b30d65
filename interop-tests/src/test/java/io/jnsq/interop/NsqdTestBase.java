package io.jnsq.interop;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a fresh nsqd for each test, on a free TCP port of 127.0.0.1 with its data in a temporary directory, and
 * stops it after the clients the test registered with {@link #closeAfterTest}.
 */
abstract class NsqdTestBase {
    /** The longest any one wait in these tests may take: a hung client or server fails the test, not the build. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Slack for comparing a client's clock with a delay nsqd applied: rounding to whole milliseconds. */
    static final long CLOCK_TOLERANCE_MILLIS = 10;

    @TempDir
    Path dataDir;

    private Nsqd nsqd;
    private NsqjClients nsqj;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @BeforeEach
    final void startNsqd() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = ""; // off: nsq-j and nsqjs publish and consume over TCP only
        options.httpsAddress = "";
        options.dataPath = dataDir.toString();
        configure(options);
        nsqd = new Nsqd(options).start();
    }

    /** More options for a test class, before nsqd starts. */
    void configure(NsqdOptions options) {
    }

    /** Closes the registered clients, newest first, then nsqd; every close runs even if an earlier one failed. */
    @AfterEach
    final void stopClientsThenNsqd() throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (nsqd != null) {
            nsqd.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Registers a client to be closed after the test, before nsqd stops. */
    final <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.push(resource);
        return resource;
    }

    /** This test's nsq-j clients, stopped after the test. */
    final NsqjClients nsqj() {
        if (nsqj == null) {
            nsqj = closeAfterTest(new NsqjClients(nsqdTcpAddress()));
        }
        return nsqj;
    }

    /** This test's nsqd, for its own view of what clients did: its stats, topics and channels. */
    final Nsqd nsqd() {
        return nsqd;
    }

    /** nsqd's TCP address as clients take it: {@code host:port}. */
    final String nsqdTcpAddress() {
        InetSocketAddress address = nsqd.tcpAddress();
        return address.getHostString() + ":" + address.getPort();
    }
}
