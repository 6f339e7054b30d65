package io.jnsq.testwire.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Takes over a logger while a fuzz run lasts: its errors are collected instead of printed. A server logs an
 * exception that escaped a decoder and then closes the connection, which from the wire can look just like a
 * fatal error; the log tells them apart. Errors go to the test, not to a console that thousands of tries would
 * flood.
 */
public final class LogWatch implements AutoCloseable {
    private final Logger logger;
    private final boolean wasAdditive;
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                errors.add(event.getLoggerName() + ": " + event.getFormattedMessage());
            }
        }
    };

    private LogWatch(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        wasAdditive = logger.isAdditive();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    /** Collects the errors of {@code loggerName} and the loggers below it until closed. */
    public static LogWatch capture(String loggerName) {
        return new LogWatch(loggerName);
    }

    /** The errors logged since the last call, as "logger: message". */
    public List<String> takeErrors() {
        List<String> taken = new ArrayList<>();
        for (String e; (e = errors.poll()) != null; ) {
            taken.add(e);
        }
        return taken;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(wasAdditive);
        appender.stop();
    }
}
