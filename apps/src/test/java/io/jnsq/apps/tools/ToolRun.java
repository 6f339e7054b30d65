package io.jnsq.apps.tools;

import io.jnsq.apps.cli.ToolMain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A tool running in-process on a thread of its own, as its main runs it: for end-to-end tests. */
public final class ToolRun<T extends ToolMain.Tool> implements AutoCloseable {
    public final T tool;
    /** Completes with what {@link ToolMain.Tool#run()} returned, or with what it threw. */
    public final CompletableFuture<Integer> status = new CompletableFuture<>();

    public ToolRun(String app, T tool) {
        this.tool = tool;
        Thread thread = new Thread(() -> {
            try {
                status.complete(tool.run());
            } catch (Throwable e) {
                status.completeExceptionally(e);
            }
        }, app);
        thread.setDaemon(true);
        thread.start();
    }

    /** SIGINT or SIGTERM, as the tool's main passes it on; the exit status. */
    public int stop() throws Exception {
        tool.stop();
        return status.get(30, TimeUnit.SECONDS);
    }

    /** Stops the tool, however its run ended, and waits for the end. */
    @Override
    public void close() throws Exception {
        tool.stop();
        status.handle((exitStatus, failure) -> null).get(30, TimeUnit.SECONDS);
    }
}
