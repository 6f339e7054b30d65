package io.jnsq.nsqlookupd;

import io.jnsq.testwire.LookupWireClient;
import io.jnsq.testwire.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * An nsqlookupd started in-process on {@code 127.0.0.1:0}, one per test, lazily, with {@link #options} and a
 * {@link #clock} that the test moves; raw V1 clients and an HTTP client, every read bounded by a timeout.
 */
@Timeout(30)
public abstract class LookupdTestBase {
    /** How long a fatal error may take to close the connection. */
    public static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);
    /** How long asynchronous effects (a disconnect noticed) may take. */
    public static final Duration EVENTUALLY = Duration.ofSeconds(5);
    /** What {@link #identify} sends: nsqd's IDENTIFY body with NSQ's keys. */
    public static final String NSQD_IDENTIFY = "{\"version\":\"1.3.0\",\"tcp_port\":4150,\"http_port\":4151,"
            + "\"hostname\":\"vm\",\"broadcast_address\":\"127.0.0.1\",\"topology_zone\":\"\",\"topology_region\":\"\"}";

    protected final NsqlookupdOptions options = new NsqlookupdOptions();
    /** Starts at a fixed time; liveness and tombstones count by it. */
    protected Clock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.123456789Z"));
    private final List<LookupWireClient> clients = new ArrayList<>();
    private Nsqlookupd lookupd;

    protected LookupdTestBase() {
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "127.0.0.1:0";
        options.broadcastAddress = "lookupd.test";
    }

    @AfterEach
    void stopLookupd() {
        clients.forEach(LookupWireClient::close);
        if (lookupd != null) {
            lookupd.close();
        }
    }

    protected Nsqlookupd lookupd() {
        if (lookupd == null) {
            try {
                lookupd = new Nsqlookupd(options, clock).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lookupd;
    }

    protected MutableClock mutableClock() {
        return (MutableClock) clock;
    }

    /** A V1 client that has sent the magic. */
    protected LookupWireClient connect() {
        LookupWireClient client = LookupWireClient.connect(lookupd().tcpAddress());
        clients.add(client);
        return client;
    }

    /** A client that has sent nothing yet. */
    protected LookupWireClient connectWithoutMagic() {
        LookupWireClient client = LookupWireClient.connectWithoutMagic(lookupd().tcpAddress());
        clients.add(client);
        return client;
    }

    /** A client identified as an nsqd with {@code body}, its reply read. */
    protected LookupWireClient identified(String body) {
        LookupWireClient client = connect().identify(body);
        client.readResponse();
        return client;
    }

    /** The client's id in nsqlookupd: its local address as nsqlookupd sees it, {@code 127.0.0.1:port}. */
    protected static String peerId(LookupWireClient client) {
        return "127.0.0.1:" + client.socket().getLocalPort();
    }

    protected HttpResponse<String> get(String pathAndQuery) {
        return TestHttp.get(httpAddress(), pathAndQuery);
    }

    protected HttpResponse<String> post(String pathAndQuery) {
        return TestHttp.post(httpAddress(), pathAndQuery, "");
    }

    private String httpAddress() {
        return "127.0.0.1:" + lookupd().httpAddress().getPort();
    }
}
