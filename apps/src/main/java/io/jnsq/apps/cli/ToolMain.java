package io.jnsq.apps.cli;

import io.jnsq.apps.log.GoLog;
import io.jnsq.apps.log.NsqLogging;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import sun.misc.Signal;

/**
 * What NSQ's tools ({@code nsq_tail}, {@code to_nsq}, ...) do around their work: read the command line as Go's flag
 * package does (the version on stdout, the usage on stderr with status 2, or 0 for {@code --help}), refuse options
 * with Go's {@code log.Fatal} line (status 1), log as Go's logger and go-nsq do, stop gracefully on SIGINT and
 * SIGTERM, and exit with the status the tool's run ends with.
 */
public final class ToolMain {
    /** Reads the arguments into validated options. */
    @FunctionalInterface
    public interface Parser<O> {
        O parse(String... args) throws CommandLineExit;
    }

    /** A tool's work, from its start to its end. */
    public interface Tool {
        /**
         * Does the tool's work until it is done, or until {@link #stop()}; the tool releases what it holds before
         * returning or throwing.
         *
         * @return the exit status
         * @throws Exception a fatal error, logged as Go's {@code log.Fatal} logs it (its message), status 1
         */
        int run() throws Exception;

        /**
         * SIGINT or SIGTERM: end gracefully, after which {@link #run()} returns 0. Called from another thread, maybe
         * before {@code run} starts.
         */
        void stop();
    }

    private ToolMain() {
    }

    /** Runs the tool to its end: the process exits with Go's status. SIGINT and SIGTERM stop it. */
    public static <O> void run(Parser<O> parser, Function<O, Tool> factory, String... args) {
        run(parser, factory, List.of("INT", "TERM"), args);
    }

    /**
     * Runs the tool to its end, the given signals stopping it ({@code HUP}, {@code INT}, {@code TERM}): the
     * process exits with Go's status.
     */
    public static <O> void run(Parser<O> parser, Function<O, Tool> factory, List<String> stopSignals,
                               String... args) {
        run(parser, factory, stopSignals, Map.of(), args);
    }

    /**
     * Runs the tool to its end, the given signals stopping it, and others doing what the tool says without stopping
     * it (nsq_to_file's {@code HUP}): the process exits with Go's status.
     */
    public static <O, T extends Tool> void run(Parser<O> parser, Function<O, T> factory, List<String> stopSignals,
                                               Map<String, Consumer<T>> otherSignals, String... args) {
        DaemonMain.prepareJvm();
        O options;
        try {
            options = parser.parse(args);
        } catch (CommandLineExit exit) {
            exit.print(message -> GoLog.printf("%s", message));
            DaemonMain.exit(exit.exitCode());
            return;
        }
        NsqLogging.configureGoNsq();
        T tool = factory.apply(options);
        // handled rather than left to a shutdown hook: a graceful stop exits 0, as NSQ's tools do
        for (String name : stopSignals) {
            Signal.handle(new Signal(name), signal -> tool.stop());
        }
        otherSignals.forEach((name, action) -> Signal.handle(new Signal(name), signal -> action.accept(tool)));
        int status;
        try {
            status = tool.run();
        } catch (Exception e) {
            GoLog.printf("%s", e.getMessage() != null ? e.getMessage() : e.toString());
            status = 1;
        }
        DaemonMain.exit(status);
    }
}
