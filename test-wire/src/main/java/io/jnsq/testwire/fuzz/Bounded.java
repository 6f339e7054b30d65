package io.jnsq.testwire.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a fuzz try on a thread of its own and fails it if it takes too long: jqwik honours no JUnit timeout, and a
 * decoder that loops forever on some input must fail the run with that input, not stall it.
 */
public final class Bounded implements AutoCloseable {
    private final Duration limit;
    private ExecutorService thread = newThread();

    public Bounded(Duration limit) {
        this.limit = limit;
    }

    /** {@code task}'s result; its exception as it was thrown; an {@link AssertionError} if it outlives the limit. */
    public <T> T run(Callable<T> task) throws Exception {
        Future<T> result = thread.submit(task);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            thread.shutdownNow();
            thread = newThread(); // the stuck one may never finish
            throw new AssertionError("no result within " + limit.toMillis() + " ms: a hang");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-try");
            t.setDaemon(true);
            return t;
        });
    }
}
