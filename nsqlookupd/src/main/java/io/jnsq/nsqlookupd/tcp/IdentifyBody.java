package io.jnsq.nsqlookupd.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.json.Json;
import io.jnsq.nsqlookupd.PeerInfo;
import io.jnsq.protocol.ProtocolException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON an nsqd sends with IDENTIFY, decoded as Go's encoding/json fills NSQ's {@code PeerInfo}: keys match
 * case-insensitively, unknown keys and {@code null} values are ignored, a value of the wrong type fails.
 *
 * <pre>
 * {"broadcast_address":"h","hostname":"h","http_port":4151,"tcp_port":4150,"version":"1.3.0",
 *  "topology_zone":"","topology_region":""}
 * </pre>
 */
final class IdentifyBody {
    private String hostname = "";
    private String broadcastAddress = "";
    private long tcpPort;
    private long httpPort;
    private String version = "";
    private String topologyZone = "";
    private String topologyRegion = "";

    private IdentifyBody() {
    }

    /**
     * The peer the body describes, identified by its connection's remote address.
     *
     * @throws ProtocolException {@code E_BAD_BODY} for JSON that does not decode, or lacks a required field
     */
    static PeerInfo decode(byte[] body, String remoteAddress, long now) throws ProtocolException {
        IdentifyBody fields = new IdentifyBody();
        try {
            fields.read(Json.strictReader().readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            throw ProtocolException.fatal("E_BAD_BODY", "IDENTIFY failed to decode JSON body");
        }
        if (fields.broadcastAddress.isEmpty() || fields.tcpPort == 0 || fields.httpPort == 0
                || fields.version.isEmpty()) {
            throw ProtocolException.fatal("E_BAD_BODY", "IDENTIFY missing fields");
        }
        return new PeerInfo(remoteAddress, fields.hostname, fields.broadcastAddress, fields.tcpPort, fields.httpPort,
                fields.version, fields.topologyZone, fields.topologyRegion, now);
    }

    /** Go leaves every field zero for {@code null}; an empty body or anything but an object fails. */
    private void read(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("empty body");
        }
        if (root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "hostname" -> hostname = text(value);
                case "broadcast_address" -> broadcastAddress = text(value);
                case "tcp_port" -> tcpPort = integer(value);
                case "http_port" -> httpPort = integer(value);
                case "version" -> version = text(value);
                case "topology_zone" -> topologyZone = text(value);
                case "topology_region" -> topologyRegion = text(value);
                default -> {
                }
            }
        }
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        return value.textValue();
    }

    private static long integer(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("not an int");
        }
        return value.longValue();
    }
}
