package io.jnsq.nsqd.tcp;

import static io.jnsq.protocol.ProtocolException.fatal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnsq.common.json.Json;
import io.jnsq.nsqd.auth.AuthServers;
import io.jnsq.nsqd.auth.AuthState;
import io.jnsq.protocol.ProtocolException;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's AUTH state: the secret it sent and the auth server's last answer for it, mirrored into the
 * client's stats fields. Used on the connection's event loop only.
 */
final class ClientAuth {
    private final AuthServers servers;
    private final ClientV2 client;
    private String secret;
    private AuthState state;

    ClientAuth(AuthServers servers, ClientV2 client) {
        this.servers = servers;
        this.client = client;
    }

    boolean enabled() {
        return servers != null;
    }

    boolean hasAuthorizations() {
        return state != null && state.hasAuthorizations();
    }

    boolean isExpired() {
        return state.isExpired();
    }

    boolean isAllowed(String topic, String channel) {
        return state.isAllowed(topic, channel);
    }

    /** Asks the auth servers about a new secret. */
    CompletableFuture<AuthState> query(String newSecret) {
        secret = newSecret;
        return refresh();
    }

    /** Asks the auth servers again about the secret the client sent. */
    CompletableFuture<AuthState> refresh() {
        return servers.query(client.remoteIp(), client.tls, client.tlsCommonName, secret);
    }

    /** Takes an answer of the auth servers as the current state. */
    void set(AuthState newState) {
        state = newState;
        client.authIdentity = newState.identity();
        client.authIdentityUrl = newState.identityUrl();
        client.authed = newState.hasAuthorizations();
    }

    /** NSQ's reply to a successful AUTH. */
    byte[] response() throws ProtocolException {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("identity", state.identity());
        json.put("identity_url", state.identityUrl());
        json.put("permission_count", state.authorizations().size());
        try {
            return Json.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw fatal("E_AUTH_ERROR", "AUTH error " + e.getMessage());
        }
    }
}
