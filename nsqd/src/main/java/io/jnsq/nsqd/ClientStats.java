package io.jnsq.nsqd;

import java.util.List;

/**
 * One client connection in /stats, field for field NSQ's {@code ClientV2Stats}, in the order of its JSON. Times
 * are unix seconds; {@code pubCounts} lists every topic the connection published to, sorted by name (NSQ shows
 * one of them), empty when it published nothing.
 */
public record ClientStats(
        String clientId,
        String hostname,
        String version,
        String remoteAddress,
        int state,
        long readyCount,
        long inFlightCount,
        long messageCount,
        long finishCount,
        long requeueCount,
        long connectTs,
        int sampleRate,
        boolean deflate,
        boolean snappy,
        String userAgent,
        boolean authed,
        String authIdentity,
        String authIdentityUrl,
        String topologyZone,
        String topologyRegion,
        List<PubCount> pubCounts,
        boolean tls,
        String tlsCipherSuite,
        String tlsVersion,
        String tlsNegotiatedProtocol,
        boolean tlsNegotiatedProtocolIsMutual) {

    /** Messages a connection published to one topic (PUB and DPUB count one each, MPUB its messages). */
    public record PubCount(String topic, long count) {
    }

    public ClientStats {
        pubCounts = List.copyOf(pubCounts);
    }

    /** True when the connection published anything: NSQ lists it among the producers. */
    public boolean isProducer() {
        return !pubCounts.isEmpty();
    }

    /** The same stats with the publish counts of {@code topic} only, as /stats shows them under a topic filter. */
    public ClientStats withPubCountsOf(String topic) {
        List<PubCount> only = pubCounts.stream().filter(p -> p.topic().equals(topic)).toList();
        return new ClientStats(clientId, hostname, version, remoteAddress, state, readyCount, inFlightCount,
                messageCount, finishCount, requeueCount, connectTs, sampleRate, deflate, snappy, userAgent, authed,
                authIdentity, authIdentityUrl, topologyZone, topologyRegion, only, tls, tlsCipherSuite, tlsVersion,
                tlsNegotiatedProtocol, tlsNegotiatedProtocolIsMutual);
    }
}
