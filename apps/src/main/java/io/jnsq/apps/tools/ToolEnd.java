package io.jnsq.apps.tools;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a tool's run ends, whichever comes first: a stop (SIGINT or SIGTERM, status 0), an end status of the tool's
 * own, or a fatal failure.
 */
public final class ToolEnd {
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    /** A graceful stop: the run ends with status 0. */
    public void stop() {
        status.complete(0);
    }

    /** The run ends with this status, unless it has ended already. */
    public void complete(int exitStatus) {
        status.complete(exitStatus);
    }

    /** The run ends with this fatal failure, unless it has ended already. */
    public void fail(Exception failure) {
        status.completeExceptionally(failure);
    }

    public boolean isDone() {
        return status.isDone();
    }

    /**
     * Waits for the end.
     *
     * @return the exit status
     * @throws Exception the fatal failure the run ended with
     */
    public int await() throws Exception {
        try {
            return status.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** Waits at most {@code timeout} for the end; whether it has come. */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            status.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
