package io.jnsq.nsqlookupd;

import java.time.Duration;

/**
 * An nsqd as its IDENTIFY described it, one per lookupd connection. Its id is the connection's remote address
 * ({@code ip:port}), which is also its {@code remote_address}, so an nsqd that reconnects is a new peer. Liveness is
 * the time of its last IDENTIFY or PING.
 */
public final class PeerInfo {
    private final String id;
    private final String hostname;
    private final String broadcastAddress;
    private final long tcpPort;
    private final long httpPort;
    private final String version;
    private final String topologyZone;
    private final String topologyRegion;
    /** Unix time in nanoseconds of the last IDENTIFY or PING. */
    private volatile long lastUpdate;

    public PeerInfo(String id, String hostname, String broadcastAddress, long tcpPort, long httpPort, String version,
                    String topologyZone, String topologyRegion, long lastUpdate) {
        this.id = id;
        this.hostname = hostname;
        this.broadcastAddress = broadcastAddress;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.version = version;
        this.topologyZone = topologyZone;
        this.topologyRegion = topologyRegion;
        this.lastUpdate = lastUpdate;
    }

    public String id() {
        return id;
    }

    public String hostname() {
        return hostname;
    }

    /** Where consumers connect, with {@link #tcpPort()}. */
    public String broadcastAddress() {
        return broadcastAddress;
    }

    public long tcpPort() {
        return tcpPort;
    }

    public long httpPort() {
        return httpPort;
    }

    public String version() {
        return version;
    }

    public String topologyZone() {
        return topologyZone;
    }

    public String topologyRegion() {
        return topologyRegion;
    }

    /** Unix time in nanoseconds of the last IDENTIFY or PING. */
    public long lastUpdate() {
        return lastUpdate;
    }

    /** A PING: the peer is alive at {@code now} (Unix nanoseconds). */
    void touch(long now) {
        lastUpdate = now;
    }

    /** Whether the last IDENTIFY or PING is at most {@code timeout} before {@code now} (Unix nanoseconds). */
    boolean isActive(Duration timeout, long now) {
        return now - lastUpdate <= timeout.toNanos();
    }

    /** {@code <broadcast_address>:<http_port>}, how {@code /topic/tombstone} names a node. */
    public String httpNode() {
        return broadcastAddress + ":" + httpPort;
    }

    @Override
    public String toString() {
        return id;
    }
}
