package io.jnsq.clusterinfo;

import java.io.IOException;
import java.util.List;

/**
 * No upstream of a kind answered (or there was none to ask): NSQ's {@code failed to query any <daemon>: <errors>},
 * which nsqadmin answers with {@code 502 UPSTREAM_ERROR}.
 */
public final class UpstreamException extends IOException {
    UpstreamException(String daemon, List<String> errors) {
        super("failed to query any " + daemon + ": " + String.join("\n", errors), null);
    }
}
