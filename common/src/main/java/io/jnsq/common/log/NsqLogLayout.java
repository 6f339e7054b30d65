package io.jnsq.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * NSQ's log line: {@code <prefix>2006/01/02 15:04:05.000000 LEVEL: message}, local time, with NSQ's level names
 * ({@code WARNING} for logback's WARN, {@code FATAL} for ERROR events carrying {@link NsqLogging#FATAL}).
 */
public final class NsqLogLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());

    private String prefix = "";

    /** The text before the time, {@code --log-prefix}: {@code "[nsqd] "} or {@code "[nsqlookupd] "} in NSQ. */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The prefix NSQ gives the named daemon by default, {@code [name] }. For logback configurations, which trim
     * the text of {@code <prefix>} and so lose its space: {@code <daemon>nsqd</daemon>}.
     */
    public void setDaemon(String name) {
        this.prefix = defaultPrefix(name);
    }

    /** NSQ's default {@code --log-prefix} of a daemon or tool: {@code [nsqd] }. */
    public static String defaultPrefix(String name) {
        return "[" + name + "] ";
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String line = line(prefix, event.getInstant(), levelName(event), event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown == null ? line : line + ThrowableProxyUtil.asString(thrown) + "\n";
    }

    /** One log line, newline included. */
    public static String line(String prefix, Instant time, String level, String message) {
        return prefix + TIME.format(time) + " " + level + ": " + message + "\n";
    }

    private static String levelName(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level == Level.ERROR && NsqLogging.isFatal(event)) {
            return "FATAL";
        }
        return level == Level.WARN ? "WARNING" : level.toString();
    }
}
