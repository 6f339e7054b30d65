package io.jnsq.apps.log;

import io.jnsq.apps.log.NsqLogging.NsqLevel;
import java.time.Instant;

/**
 * NSQ's {@code internal/lg} as a tool with {@code --log-prefix} and {@code --log-level} (nsq_to_file) logs its own
 * lines: {@code [nsq_to_file] 2006/01/02 15:04:05.000000 INFO: message} on stderr, below the level dropped. The
 * client library's lines stay go-nsq's ({@link NsqLogging#configureGoNsq}), as in NSQ, whose tool leaves go-nsq's
 * logger as it is.
 */
public final class AppLog {
    private final String prefix;
    private final NsqLevel level;

    /**
     * @param logLevel debug, info, warn, error or fatal, in any case
     * @throws IllegalArgumentException for another level
     */
    public AppLog(String prefix, String logLevel) {
        this.prefix = prefix;
        this.level = NsqLogging.parse(logLevel);
    }

    /** Whether NSQ's {@code lg.ParseLogLevel} takes it. */
    public static boolean isLevel(String logLevel) {
        try {
            NsqLogging.parse(logLevel);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public void debug(String format, Object... args) {
        log(NsqLevel.DEBUG, format, args);
    }

    public void info(String format, Object... args) {
        log(NsqLevel.INFO, format, args);
    }

    public void warn(String format, Object... args) {
        log(NsqLevel.WARNING, format, args);
    }

    public void error(String format, Object... args) {
        log(NsqLevel.ERROR, format, args);
    }

    /** A failure the tool ends with: logged at every level. */
    public void fatal(String format, Object... args) {
        log(NsqLevel.FATAL, format, args);
    }

    private void log(NsqLevel messageLevel, String format, Object... args) {
        if (messageLevel.compareTo(level) >= 0) {
            NsqLogging.print(NsqLogging.line(prefix, Instant.now(), messageLevel.name(), String.format(format, args)));
        }
    }
}
