package io.jnsq.nsqd.tcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON body of IDENTIFY. Unknown fields (go-nsq's legacy {@code short_id}, {@code long_id}) are ignored. Integers
 * are 64-bit like NSQ's Go {@code int}, except {@code sample_rate} ({@code int32}), so a huge value fails validation
 * rather than decoding.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class IdentifyRequest {
    @JsonProperty("client_id")
    String clientId = "";
    @JsonProperty("hostname")
    String hostname = "";
    @JsonProperty("user_agent")
    String userAgent = "";
    @JsonProperty("heartbeat_interval")
    long heartbeatInterval;
    @JsonProperty("output_buffer_size")
    long outputBufferSize;
    @JsonProperty("output_buffer_timeout")
    long outputBufferTimeout;
    @JsonProperty("feature_negotiation")
    boolean featureNegotiation;
    @JsonProperty("tls_v1")
    boolean tlsV1;
    @JsonProperty("deflate")
    boolean deflate;
    @JsonProperty("deflate_level")
    long deflateLevel;
    @JsonProperty("snappy")
    boolean snappy;
    @JsonProperty("sample_rate")
    int sampleRate;
    @JsonProperty("msg_timeout")
    long msgTimeout;
    @JsonProperty("topology_region")
    String topologyRegion = "";
    @JsonProperty("topology_zone")
    String topologyZone = "";
}
