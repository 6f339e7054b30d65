package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An nsqd as nsqlookupd (or the nsqd itself) describes it: NSQ's {@code clusterinfo.Producer}, written with its JSON
 * keys and order. {@code remote_addresses} lists {@code <lookupd>/<nsqd remote address>} for each nsqlookupd that
 * knows it; {@code out_of_date} marks a version lower than the newest seen.
 */
@JsonPropertyOrder({"remote_addresses", "remote_address", "hostname", "broadcast_address", "tcp_port", "http_port",
        "version", "topology_zone", "topology_region", "topics", "out_of_date"})
public final class Producer {
    /** NSQ's order of nodes: by hostname (then by address, for a stable order between equal hostnames). */
    static final Comparator<Producer> BY_HOST = Comparator.comparing((Producer p) -> p.hostname)
            .thenComparing(Producer::httpAddress);

    @JsonProperty("remote_addresses")
    public List<String> remoteAddresses;
    @JsonProperty("remote_address")
    public String remoteAddress = "";
    @JsonProperty("hostname")
    public String hostname = "";
    @JsonProperty("broadcast_address")
    public String broadcastAddress = "";
    @JsonProperty("tcp_port")
    public int tcpPort;
    @JsonProperty("http_port")
    public int httpPort;
    @JsonProperty("version")
    public String version = "";
    @JsonProperty("topology_zone")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String topologyZone = "";
    @JsonProperty("topology_region")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public String topologyRegion = "";
    @JsonProperty("topics")
    public List<ProducerTopic> topics;
    @JsonProperty("out_of_date")
    public boolean outOfDate;

    /** A producer from nsqlookupd's peer JSON ({@code /lookup}'s producers, {@code /nodes}' producers). */
    static Producer fromPeer(JsonNode peer) {
        Producer p = new Producer();
        p.remoteAddress = peer.path("remote_address").asText("");
        p.hostname = peer.path("hostname").asText("");
        p.broadcastAddress = peer.path("broadcast_address").asText("");
        p.tcpPort = peer.path("tcp_port").asInt();
        p.httpPort = peer.path("http_port").asInt();
        p.version = peer.path("version").asText("");
        p.topologyZone = peer.path("topology_zone").asText("");
        p.topologyRegion = peer.path("topology_region").asText("");
        JsonNode names = peer.path("topics");
        if (names.isArray()) {
            JsonNode tombstones = peer.path("tombstones");
            List<ProducerTopic> topics = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                topics.add(new ProducerTopic(names.get(i).asText(), tombstones.path(i).asBoolean(false)));
            }
            topics.sort(Comparator.comparing(ProducerTopic::topic));
            p.topics = topics;
        }
        return p;
    }

    /** {@code <broadcast_address>:<http_port>}: where its HTTP API is, and its name in nsqadmin's API. */
    @JsonIgnore
    public String httpAddress() {
        return ClusterInfo.joinHostPort(broadcastAddress, httpPort);
    }

    /** {@code <broadcast_address>:<tcp_port>}: what identifies an nsqd across nsqlookupd nodes. */
    @JsonIgnore
    public String tcpAddress() {
        return ClusterInfo.joinHostPort(broadcastAddress, tcpPort);
    }

    /** Semantic version order; a version that does not parse counts as 0.0.0, as in NSQ. */
    static int compareVersions(String a, String b) {
        int[] x = versionParts(a);
        int[] y = versionParts(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] versionParts(String version) {
        String core = version.split("[-+]", 2)[0];
        String[] parts = core.split("\\.");
        if (parts.length != 3) {
            return new int[3];
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        } catch (NumberFormatException e) {
            return new int[3];
        }
    }
}
