package io.jnsq.apps.cli;

import io.jnsq.apps.log.NsqLogServiceProvider;
import io.jnsq.apps.log.NsqLogging;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * What NSQ's binaries do around their daemon: parse the command line (printing the version, the usage or a FATAL
 * line and exiting as Go does), set up NSQ's logging, start the daemon, and close it on SIGINT, on SIGTERM (or
 * whatever the daemon makes of SIGTERM), or when the daemon itself asks to stop.
 *
 * @param <O> the daemon's options
 */
public final class DaemonMain<O> {
    /** Reads the arguments into validated options. */
    @FunctionalInterface
    public interface Parser<O> {
        O parse(String... args) throws CommandLineExit;
    }

    /** Starts the daemon. */
    @FunctionalInterface
    public interface Starter<O> {
        Daemon start(O options) throws Exception;
    }

    /** A started daemon, as its binary drives it: closing stops it. */
    @FunctionalInterface
    public interface Daemon extends AutoCloseable {
        /** Completes when the daemon asks to be stopped (nsqd once drained); by default never. */
        default CompletionStage<?> exitRequested() {
            return new CompletableFuture<>();
        }

        /**
         * SIGTERM arrived: {@code true} to stop now, as NSQ does; {@code false} when the daemon began to wind down
         * by itself and says so through {@link #exitRequested()}.
         */
        default boolean stopOnSigterm() {
            return true;
        }
    }

    /** The daemon's {@code --log-prefix} and {@code --log-level}. */
    public record Logging(String prefix, String level) {
    }

    private final String app;
    private final Parser<O> parser;
    private final Function<O, Logging> logging;
    private final Starter<O> starter;
    private final CompletableFuture<String> stop = new CompletableFuture<>();
    private volatile Daemon daemon;

    /**
     * @param app the binary's name: NSQ's startup failures always carry its {@code [app] } prefix, whatever
     *     {@code --log-prefix} says
     */
    public DaemonMain(String app, Parser<O> parser, Function<O, Logging> logging, Starter<O> starter) {
        this.app = app;
        this.parser = parser;
        this.logging = logging;
        this.starter = starter;
    }

    /** Runs the binary to its end: the process exits with Go's status. */
    public void run(String... args) throws InterruptedException {
        prepareJvm();
        O options;
        try {
            options = parser.parse(args);
        } catch (CommandLineExit exit) {
            exit.print(this::printFatal);
            exit(exit.exitCode());
            return;
        }
        Logging setting = logging.apply(options);
        NsqLogging.configure(setting.prefix(), setting.level());
        Logger log = LoggerFactory.getLogger(DaemonMain.class);
        // Handle the signals ourselves rather than in a shutdown hook, so that a graceful stop exits 0 as NSQ
        // does (the JVM's default for SIGTERM is exit status 143). From before the start: clients may connect as
        // soon as a listener is up, and a signal then must still stop gracefully.
        Signal.handle(new Signal("INT"), signal -> stop.complete("SIGINT"));
        Signal.handle(new Signal("TERM"), signal -> sigterm());
        Daemon started;
        try {
            started = starter.start(options);
        } catch (Exception e) {
            printFatal("failed to instantiate " + app + " - " + (e.getMessage() != null ? e.getMessage() : e));
            exit(1);
            return;
        }
        daemon = started;
        started.exitRequested().thenRun(() -> stop.complete("exit requested"));
        try {
            log.info("NSQ: stopping ({})", stop.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // never completed exceptionally
        }
        try {
            started.close();
        } catch (Exception e) {
            log.error("{}: failed to stop - {}", app, e.toString());
        }
        log.info("NSQ: bye");
        exit(0);
    }

    /** SIGTERM before the daemon is up stops at once; after, the daemon decides. */
    private void sigterm() {
        Daemon running = daemon;
        if (running == null || running.stopOnSigterm()) {
            stop.complete("SIGTERM");
        }
    }

    /**
     * What every binary sets before anything else runs: NSQ's log line as the SLF4J backend, and two JVM settings
     * that make a start faster.
     */
    static void prepareJvm() {
        NsqLogServiceProvider.select();
        // Netty's allocator events for Java Flight Recorder bring JFR's machinery in at the first buffer: about
        // 100 ms of a daemon's start. -Dio.netty.jfr.enabled=true brings them back.
        setIfAbsent("io.netty.jfr.enabled", "false");
        // Netty's epoll transport opens a selector as it loads, and the JDK looks for selector providers in every
        // jar of the class path unless this names its own.
        if (System.getProperty("os.name", "").equals("Linux")) {
            setIfAbsent("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
        }
    }

    /**
     * Exits with Go's status. The JVM may log {@code Runtime.exit} through its own logging, which takes tens of
     * milliseconds to set up: nothing else runs once the binary is done, so it halts after flushing.
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private void printFatal(String message) {
        NsqLogging.fatal(NsqLogging.defaultPrefix(app), message);
    }
}
