package io.jnsq.nsqadmin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The notification of one admin action, as NSQ POSTs it to {@code --notification-http-endpoint}.
 *
 * @param action {@code create_topic}, {@code pause_channel}, {@code tombstone_topic_producer}, ...
 * @param user the HTTP Basic-auth user of the request, or empty
 * @param remoteIp the request's {@code ip:port} (NSQ's name, NSQ's value)
 * @param url the URL the request was made to
 * @param via this nsqadmin's hostname
 */
@JsonPropertyOrder({"action", "topic", "channel", "node", "timestamp", "user", "remote_ip", "user_agent", "url",
        "via"})
public record AdminAction(
        @JsonProperty("action") String action,
        @JsonProperty("topic") String topic,
        @JsonProperty("channel") @JsonInclude(JsonInclude.Include.NON_EMPTY) String channel,
        @JsonProperty("node") @JsonInclude(JsonInclude.Include.NON_EMPTY) String node,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("user") @JsonInclude(JsonInclude.Include.NON_EMPTY) String user,
        @JsonProperty("remote_ip") String remoteIp,
        @JsonProperty("user_agent") String userAgent,
        @JsonProperty("url") String url,
        @JsonProperty("via") String via) {
}
