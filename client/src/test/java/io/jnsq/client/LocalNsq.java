package io.jnsq.client;

import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** In-process nsqd and nsqlookupd on loopback port 0 for the client's tests. */
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

    static Nsqd nsqdRegisteredWith(Path dataRoot, Nsqlookupd lookupd) throws IOException {
        return nsqd(dataRoot, o -> o.nsqlookupdTcpAddresses = List.of(HostPort.format(lookupd.tcpAddress())));
    }

    static Nsqlookupd lookupd() throws IOException {
        NsqlookupdOptions options = new NsqlookupdOptions();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.broadcastAddress = "127.0.0.1";
        return new Nsqlookupd(options).start();
    }

    static String tcp(Nsqd nsqd) {
        return HostPort.format(nsqd.tcpAddress());
    }

    static String http(Nsqlookupd lookupd) {
        return HostPort.format(lookupd.httpAddress());
    }
}
