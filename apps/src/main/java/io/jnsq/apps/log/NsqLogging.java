package io.jnsq.apps.log;

import io.jnsq.common.flags.FlagType;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import org.slf4j.Marker;
import org.slf4j.event.Level;

/**
 * NSQ's logging for jnsq's binaries: every line on stderr as {@code <prefix>2006/01/02 15:04:05.000000 LEVEL: message},
 * local time, NSQ's level names, at NSQ's {@code --log-level}, changeable at runtime ({@code PUT /config/log_level}).
 * The SLF4J provider of the binaries ({@link NsqLogServiceProvider}) writes through this; embedded daemons log to
 * whatever backend their application has.
 *
 * <p>NSQ's tools log as Go's standard logger and go-nsq's do instead ({@link #configureGoNsq}): the tool's own lines
 * as {@code 2006/01/02 15:04:05 message} ({@link GoLog}), the client library's as
 * {@code 2006/01/02 15:04:05 INF message}.
 *
 * <p>The level applies to jnsq's own loggers ({@code io.jnsq.*}); other libraries (Netty) write only warnings and
 * errors, so {@code --log-level=debug} shows what nsqd does, as NSQ's, rather than its libraries' internals.
 */
public final class NsqLogging {
    /**
     * The name of the marker of an ERROR that NSQ logs as FATAL:
     * {@code log.error(MarkerFactory.getMarker(NsqLogging.FATAL_MARKER), ...)}; any marker of that name works.
     */
    public static final String FATAL_MARKER = "FATAL";

    /** NSQ's levels, by severity. */
    enum NsqLevel {
        DEBUG, INFO, WARNING, ERROR, FATAL
    }

    private static volatile PrintStream out = System.err;
    private static volatile String prefix = "";
    /** Lines as go-nsq's logger writes them ({@code INF}, no microseconds) rather than as NSQ's daemons do. */
    private static volatile boolean goNsq;
    /** Until a binary configures it: warnings and errors, as for a library's. */
    private static volatile NsqLevel level = NsqLevel.WARNING;

    private NsqLogging() {
    }

    /**
     * Sets NSQ's logging up for a binary: stderr, {@code --log-prefix}, {@code --log-level}.
     *
     * @param logLevel debug, info, warn, error or fatal, in any case
     * @throws IllegalArgumentException for another level
     */
    public static void configure(String logPrefix, String logLevel) {
        configure(System.err, logPrefix, logLevel);
    }

    static void configure(PrintStream stream, String logPrefix, String logLevel) {
        NsqLevel parsed = parse(logLevel);
        out = stream;
        prefix = logPrefix;
        level = parsed;
        goNsq = false;
    }

    /**
     * Sets logging up for one of NSQ's tools: stderr, the client library's lines at go-nsq's default level (info) as
     * go-nsq writes them, {@code 2006/01/02 15:04:05 INF message}.
     */
    public static void configureGoNsq() {
        configureGoNsq(System.err);
    }

    static void configureGoNsq(PrintStream stream) {
        out = stream;
        prefix = "";
        level = NsqLevel.INFO;
        goNsq = true;
    }

    /** Applies a log level at once, as {@code PUT /config/log_level} does. */
    public static void setLevel(String logLevel) {
        level = parse(logLevel);
    }

    /** NSQ's default {@code --log-prefix} of a daemon or tool: {@code [nsqd] }. */
    public static String defaultPrefix(String app) {
        return "[" + app + "] ";
    }

    /** Writes one line now, whatever the level: a start-up failure before logging is configured. */
    public static void fatal(String logPrefix, String message) {
        out.print(line(logPrefix, Instant.now(), "FATAL", message));
    }

    static boolean enabled(String logger, Level slf4jLevel) {
        NsqLevel threshold = level;
        if (!logger.startsWith("io.jnsq.") && threshold.compareTo(NsqLevel.WARNING) < 0) {
            threshold = NsqLevel.WARNING;
        }
        return nsqLevel(slf4jLevel).compareTo(threshold) >= 0;
    }

    static boolean isFatal(Marker marker) {
        return marker != null && marker.contains(FATAL_MARKER);
    }

    static void write(Level slf4jLevel, Marker marker, String message, Throwable thrown) {
        boolean fatal = slf4jLevel == Level.ERROR && isFatal(marker);
        if (level == NsqLevel.FATAL && !fatal) {
            return;
        }
        String text;
        if (goNsq) {
            text = GoLog.line(Instant.now(), goNsqLevel(slf4jLevel) + " " + message);
        } else {
            text = line(prefix, Instant.now(), fatal ? "FATAL" : nsqLevel(slf4jLevel).name(), message);
        }
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            text += trace;
        }
        out.print(text);
    }

    /** Writes a line as it is: one of {@link GoLog}'s. */
    static void print(String line) {
        out.print(line);
    }

    /** One log line, newline included. */
    static String line(String logPrefix, Instant time, String levelName, String message) {
        StringBuilder line = new StringBuilder(logPrefix.length() + message.length() + 40).append(logPrefix);
        appendLocalTime(line, time, true).append(' ');
        return line.append(levelName).append(": ").append(message).append('\n').toString();
    }

    /**
     * {@code 2006/01/02 15:04:05}, with {@code .000000} if {@code micros}, in local time ({@link LocalTime}).
     */
    static StringBuilder appendLocalTime(StringBuilder line, Instant time, boolean micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(),
                LocalTime.offsetAt(time));
        pad(line, t.getYear(), 4).append('/');
        pad(line, t.getMonthValue(), 2).append('/');
        pad(line, t.getDayOfMonth(), 2).append(' ');
        pad(line, t.getHour(), 2).append(':');
        pad(line, t.getMinute(), 2).append(':');
        pad(line, t.getSecond(), 2);
        if (micros) {
            pad(line.append('.'), t.getNano() / 1000, 6);
        }
        return line;
    }

    private static StringBuilder pad(StringBuilder line, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            line.append('0');
        }
        return line.append(digits);
    }

    private static NsqLevel nsqLevel(Level slf4jLevel) {
        return switch (slf4jLevel) {
            case TRACE, DEBUG -> NsqLevel.DEBUG;
            case INFO -> NsqLevel.INFO;
            case WARN -> NsqLevel.WARNING;
            case ERROR -> NsqLevel.ERROR;
        };
    }

    /** go-nsq's level names. */
    private static String goNsqLevel(Level slf4jLevel) {
        return switch (slf4jLevel) {
            case TRACE, DEBUG -> "DBG";
            case INFO -> "INF";
            case WARN -> "WRN";
            case ERROR -> "ERR";
        };
    }

    static NsqLevel parse(String logLevel) {
        return switch (FlagType.LOG_LEVEL.parse(logLevel)) {
            case "debug" -> NsqLevel.DEBUG;
            case "info" -> NsqLevel.INFO;
            case "warn" -> NsqLevel.WARNING;
            case "error" -> NsqLevel.ERROR;
            default -> NsqLevel.FATAL;
        };
    }
}
