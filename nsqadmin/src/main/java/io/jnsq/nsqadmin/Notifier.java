package io.jnsq.nsqadmin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.json.Json;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends admin actions to {@code --notification-http-endpoint}. Asynchronous: an action never waits for (or fails
 * because of) its notification; the endpoint's answer is ignored but for a log line on failure. One at a time, in
 * the order of the actions, as NSQ's single sending goroutine does (a create_topic before its create_channel).
 */
final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final String endpoint;
    private final NsqHttpClient http;
    /** The last notification sent or queued: the next one goes once it is done. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    Notifier(String endpoint, NsqHttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    void notify(AdminAction action) {
        if (endpoint.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(action);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + action, e);
        }
        synchronized (this) {
            last = last.thenCompose(done -> http.post(endpoint, "application/json", body).handle((answer, error) -> {
                if (error != null) {
                    log.error("failed to POST notification - {}", error.getMessage());
                }
                return null;
            }));
        }
    }
}
