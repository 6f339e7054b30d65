package io.jnsq.nsqd;

import io.jnsq.common.cli.CommandLineExit;
import io.jnsq.common.log.NsqLogLayout;
import io.jnsq.common.log.NsqLogging;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The nsqd binary: NSQ's command line, then nsqd until SIGINT or SIGTERM. */
public final class NsqdMain {
    /** NSQ's startup failures always carry this prefix, whatever {@code --log-prefix} says. */
    private static final String FATAL_PREFIX = "[nsqd] ";

    private NsqdMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        NsqdOptions options;
        try {
            options = NsqdCommandLine.parse(args);
        } catch (CommandLineExit exit) {
            switch (exit.kind()) {
                case VERSION -> System.out.println(exit.getMessage());
                case USAGE -> System.err.println(exit.getMessage());
                case FATAL -> printFatal(exit.getMessage());
            }
            System.exit(exit.exitCode());
            return;
        }
        NsqLogging.configure(options.logPrefix, options.logLevel);
        Logger log = LoggerFactory.getLogger(NsqdMain.class);
        Nsqd nsqd;
        try {
            nsqd = new Nsqd(options).start();
        } catch (Exception e) {
            printFatal("failed to instantiate nsqd - " + (e.getMessage() != null ? e.getMessage() : e));
            System.exit(1);
            return;
        }
        // Handle the signals ourselves rather than in a shutdown hook, so that a graceful stop exits 0 as NSQ
        // does (the JVM's default for SIGTERM is exit status 143).
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> stop.countDown());
        }
        stop.await();
        nsqd.close();
        log.info("NSQ: bye");
        System.exit(0);
    }

    private static void printFatal(String message) {
        System.err.print(NsqLogLayout.line(FATAL_PREFIX, Instant.now(), "FATAL", message));
    }
}
