package io.jnsq.apps.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The binaries' SLF4J backend: NSQ's log line on stderr ({@link NsqLogging}), and nothing else. A general-purpose
 * backend (logback) took 75 to 220 ms to initialise, most of what a daemon may spend on starting.
 */
public final class NsqLogServiceProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory loggers = new ILoggerFactory() {
        private final Map<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, NsqLogger::new);
        }
    };

    /**
     * Makes SLF4J take this provider without searching the class path for others, and keep quiet about it; a
     * choice the JVM's {@code -Dslf4j.provider} already made stands. Call before the first logger is made.
     */
    public static void select() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", NsqLogServiceProvider.class.getName());
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: NsqLogging holds the settings
    }
}
