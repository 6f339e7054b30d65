package io.jnsq.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Sends a daemon's SLF4J logging to stderr in NSQ's line format ({@link NsqLogLayout}) at NSQ's log level. Only the
 * binaries (nsqd, nsqlookupd) call this: an application embedding a daemon keeps its own logging configuration.
 */
public final class NsqLogging {
    /** Marks an ERROR event that NSQ logs as FATAL: {@code log.error(NsqLogging.FATAL, ...)}. */
    public static final Marker FATAL = MarkerFactory.getMarker("FATAL");
    /** The parent of jnsq's loggers: what the log level applies to at runtime. */
    private static final String NSQD_LOGGERS = "io.jnsq";
    private static final String APPENDER = "nsq";

    private NsqLogging() {
    }

    /**
     * Replaces logback's configuration: one stderr appender in NSQ's format.
     *
     * @param prefix {@code --log-prefix}
     * @param logLevel {@code --log-level}: debug, info, warn, error or fatal
     */
    public static void configure(String prefix, String logLevel) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), System.err, prefix, logLevel);
    }

    static void configure(LoggerContext context, OutputStream out, String prefix, String logLevel) {
        context.reset();
        NsqLogLayout layout = new NsqLogLayout();
        layout.setContext(context);
        layout.setPrefix(prefix);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.addFilter(new FatalOnly());
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(logbackLevel(logLevel.toLowerCase(Locale.ROOT)));
        root.addAppender(appender);
        setLevel(context, logLevel);
    }

    /**
     * Applies a log level at once ({@code PUT /config/log_level}) to jnsq's loggers, those under {@code io.jnsq};
     * other libraries keep theirs. {@code fatal} keeps only FATAL lines where {@link #configure} set up the
     * logging; an application with its own logback configuration gets ERROR and above. Without logback there is
     * nothing to change.
     */
    public static void setLevel(String logLevel) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setLevel(context, logLevel);
        }
    }

    static void setLevel(LoggerContext context, String logLevel) {
        String level = logLevel.toLowerCase(Locale.ROOT);
        context.getLogger(NSQD_LOGGERS).setLevel(logbackLevel(level));
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (appender != null) {
            for (Filter<ILoggingEvent> filter : appender.getCopyOfAttachedFiltersList()) {
                if (filter instanceof FatalOnly fatalOnly) {
                    fatalOnly.enabled = level.equals("fatal");
                }
            }
        }
    }

    static boolean isFatal(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        return markers != null && markers.stream().anyMatch(marker -> marker.contains(FATAL));
    }

    /** logback has no FATAL level: at NSQ's fatal, keep only the ERROR events marked {@link #FATAL}. */
    private static final class FatalOnly extends Filter<ILoggingEvent> {
        private volatile boolean enabled;

        @Override
        public FilterReply decide(ILoggingEvent event) {
            return !enabled || isFatal(event) ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
    }

    private static Level logbackLevel(String nsqLevel) {
        return switch (nsqLevel) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error", "fatal" -> Level.ERROR;
            default -> throw new IllegalArgumentException("invalid log-level '" + nsqLevel + "'");
        };
    }
}
