package io.jnsq.nsqadmin.http;

import io.jnsq.clusterinfo.UpstreamException;
import io.jnsq.common.http.HttpException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs a handler's clusterinfo calls on nsqadmin's workers, never on an event loop; a call that reached no upstream
 * becomes NSQ's {@code 502 UPSTREAM_ERROR: <error>}.
 */
final class Blocking {
    /** A handler's work, which may refuse the request or find no upstream answering. */
    @FunctionalInterface
    interface Work {
        Object run() throws HttpException, UpstreamException;
    }

    private final Executor workers;

    Blocking(Executor workers) {
        this.workers = workers;
    }

    CompletableFuture<Object> run(Work work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (HttpException e) {
                throw new CompletionException(e);
            } catch (UpstreamException e) {
                throw new CompletionException(upstreamError(e));
            }
        }, workers);
    }

    static HttpException upstreamError(UpstreamException e) {
        return new HttpException(502, "UPSTREAM_ERROR: " + e.getMessage());
    }
}
