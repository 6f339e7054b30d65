package io.jnsq.nsqd.lookup;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nsqd and nsqlookupd in this JVM on loopback ports, stopped after each test, newest first. (NsqCluster in
 * test-support does this for other modules; nsqd's own tests cannot depend on it.)
 */
@Timeout(60)
abstract class LookupTestBase {
    static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** A started nsqlookupd: TCP and HTTP on free loopback ports unless {@code configure} says otherwise. */
    Nsqlookupd lookupd(Consumer<NsqlookupdOptions> configure) throws IOException {
        NsqlookupdOptions options = new NsqlookupdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        configure.accept(options);
        Nsqlookupd lookupd = new Nsqlookupd(options).start();
        running.add(lookupd);
        return lookupd;
    }

    /** A started nsqd on free loopback ports and the test's data directory, registering with {@code lookupds}. */
    Nsqd nsqd(Consumer<NsqdOptions> configure, Nsqlookupd... lookupds) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.dataPath = dataDir.toString();
        for (Nsqlookupd lookupd : lookupds) {
            options.nsqlookupdTcpAddresses.add("127.0.0.1:" + lookupd.tcpAddress().getPort());
        }
        configure.accept(options);
        Nsqd nsqd = new Nsqd(options).start();
        running.add(nsqd);
        return nsqd;
    }
}
