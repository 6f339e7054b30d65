package io.jnsq.nsqd.auth;

import java.util.List;

/** An auth server's answer for one secret, valid until {@code expiresNanos} ({@link System#nanoTime()} based). */
public record AuthState(String identity, String identityUrl, List<Authorization> authorizations, long expiresNanos) {

    public boolean hasAuthorizations() {
        return !authorizations.isEmpty();
    }

    public boolean isExpired() {
        return System.nanoTime() - expiresNanos >= 0;
    }

    public boolean isAllowed(String topic, String channel) {
        return authorizations.stream().anyMatch(a -> a.isAllowed(topic, channel));
    }
}
