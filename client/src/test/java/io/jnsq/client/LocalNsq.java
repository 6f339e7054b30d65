package io.jnsq.client;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** In-process nsqd on loopback port 0 for the client's tests; clusters and restarts: NsqCluster. */
final class LocalNsq {
    private LocalNsq() {
    }

    static Nsqd nsqd(Path dataRoot) throws IOException {
        return nsqd(dataRoot, o -> { });
    }

    static Nsqd nsqd(Path dataRoot, Consumer<NsqdOptions> customize) throws IOException {
        NsqdOptions options = new NsqdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.httpsAddress = "127.0.0.1:0";
        options.broadcastAddress = "127.0.0.1";
        options.dataPath = Files.createTempDirectory(dataRoot, "nsqd").toString();
        customize.accept(options);
        return new Nsqd(options).start();
    }

    static String tcp(Nsqd nsqd) {
        return HostPort.format(nsqd.tcpAddress());
    }
}
