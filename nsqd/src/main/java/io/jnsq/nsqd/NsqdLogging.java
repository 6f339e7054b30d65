package io.jnsq.nsqd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
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
 * Sends nsqd's SLF4J logging to stderr in NSQ's line format ({@link NsqdLogLayout}) at NSQ's log level. Only the
 * nsqd binary calls this: an application embedding {@link Nsqd} keeps its own logging configuration.
 */
public final class NsqdLogging {
    /** Marks an ERROR event that NSQ logs as FATAL: {@code log.error(NsqdLogging.FATAL, ...)}. */
    public static final Marker FATAL = MarkerFactory.getMarker("FATAL");

    private NsqdLogging() {
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
        String level = logLevel.toLowerCase(Locale.ROOT);
        context.reset();
        NsqdLogLayout layout = new NsqdLogLayout();
        layout.setContext(context);
        layout.setPrefix(prefix);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("nsqd");
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        if (level.equals("fatal")) {
            // logback has no FATAL level: keep only the ERROR events marked FATAL
            appender.addFilter(new Filter<>() {
                @Override
                public FilterReply decide(ILoggingEvent event) {
                    return isFatal(event) ? FilterReply.NEUTRAL : FilterReply.DENY;
                }
            });
        }
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(logbackLevel(level));
        root.addAppender(appender);
    }

    static boolean isFatal(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        return markers != null && markers.stream().anyMatch(marker -> marker.contains(FATAL));
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
