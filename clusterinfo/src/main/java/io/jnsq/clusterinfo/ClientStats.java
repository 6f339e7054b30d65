package io.jnsq.clusterinfo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A consumer connection on one nsqd: NSQ's {@code clusterinfo.ClientStats}. {@code connected} is how long it has
 * been connected, in nanoseconds, counted from the current second as NSQ does.
 */
@JsonPropertyOrder({"node", "remote_address", "version", "client_id", "hostname", "user_agent", "connect_ts",
        "connected", "in_flight_count", "ready_count", "finish_count", "requeue_count", "message_count",
        "sample_rate", "deflate", "snappy", "authed", "auth_identity", "auth_identity_url", "tls",
        "tls_cipher_suite", "tls_version", "tls_negotiated_protocol", "tls_negotiated_protocol_is_mutual",
        "node_topology_region", "node_topology_zone", "topology_region", "topology_zone"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class ClientStats {
    @JsonProperty("node") public String node = "";
    @JsonProperty("remote_address") public String remoteAddress;
    @JsonProperty("version") public String version;
    @JsonProperty("client_id") public String clientId;
    @JsonProperty("hostname") public String hostname;
    @JsonProperty("user_agent") public String userAgent;
    @JsonProperty("connect_ts") public long connectTs;
    @JsonProperty("connected") public long connected;
    @JsonProperty("in_flight_count") public long inFlightCount;
    @JsonProperty("ready_count") public long readyCount;
    @JsonProperty("finish_count") public long finishCount;
    @JsonProperty("requeue_count") public long requeueCount;
    @JsonProperty("message_count") public long messageCount;
    @JsonProperty("sample_rate") public int sampleRate;
    @JsonProperty("deflate") public boolean deflate;
    @JsonProperty("snappy") public boolean snappy;
    @JsonProperty("authed") public boolean authed;
    @JsonProperty("auth_identity") public String authIdentity;
    @JsonProperty("auth_identity_url") public String authIdentityUrl;
    @JsonProperty("tls") public boolean tls;
    @JsonProperty("tls_cipher_suite") public String tlsCipherSuite;
    @JsonProperty("tls_version") public String tlsVersion;
    @JsonProperty("tls_negotiated_protocol") public String tlsNegotiatedProtocol;
    @JsonProperty("tls_negotiated_protocol_is_mutual") public boolean tlsNegotiatedProtocolIsMutual;
    @JsonProperty("node_topology_region") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String nodeTopologyRegion;
    @JsonProperty("node_topology_zone") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String nodeTopologyZone;
    @JsonProperty("topology_region") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String topologyRegion;
    @JsonProperty("topology_zone") @JsonInclude(JsonInclude.Include.NON_EMPTY) public String topologyZone;

    /** One client of nsqd's {@code /stats}, on the nsqd named {@code node}. */
    static ClientStats fromNsqd(JsonNode c, String node, Instant now) {
        ClientStats s = new ClientStats();
        s.node = node;
        s.remoteAddress = c.path("remote_address").asText("");
        s.version = c.path("version").asText("");
        s.clientId = c.path("client_id").asText("");
        s.hostname = c.path("hostname").asText("");
        s.userAgent = c.path("user_agent").asText("");
        s.connectTs = c.path("connect_ts").asLong();
        s.connected = Math.max(0, now.getEpochSecond() - s.connectTs) * 1_000_000_000L;
        s.inFlightCount = c.path("in_flight_count").asLong();
        s.readyCount = c.path("ready_count").asLong();
        s.finishCount = c.path("finish_count").asLong();
        s.requeueCount = c.path("requeue_count").asLong();
        s.messageCount = c.path("message_count").asLong();
        s.sampleRate = c.path("sample_rate").asInt();
        s.deflate = c.path("deflate").asBoolean();
        s.snappy = c.path("snappy").asBoolean();
        s.authed = c.path("authed").asBoolean();
        s.authIdentity = c.path("auth_identity").asText("");
        s.authIdentityUrl = c.path("auth_identity_url").asText("");
        s.tls = c.path("tls").asBoolean();
        s.tlsCipherSuite = c.path("tls_cipher_suite").asText("");
        s.tlsVersion = c.path("tls_version").asText("");
        s.tlsNegotiatedProtocol = c.path("tls_negotiated_protocol").asText("");
        s.tlsNegotiatedProtocolIsMutual = c.path("tls_negotiated_protocol_is_mutual").asBoolean();
        s.nodeTopologyRegion = c.path("node_topology_region").asText("");
        s.nodeTopologyZone = c.path("node_topology_zone").asText("");
        s.topologyRegion = c.path("topology_region").asText("");
        s.topologyZone = c.path("topology_zone").asText("");
        return s;
    }
}
