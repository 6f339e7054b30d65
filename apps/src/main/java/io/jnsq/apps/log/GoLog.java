package io.jnsq.apps.log;

import java.time.Instant;

/**
 * Go's standard logger as NSQ's tools use it ({@code log.Printf}, {@code log.Fatal}): {@code 2009/11/10 23:00:00
 * message} on stderr, local time to the second, no level. The tools' own lines go here; the client library's go
 * through SLF4J ({@link NsqLogging#configureGoNsq}).
 */
public final class GoLog {
    private GoLog() {
    }

    /** Go's {@code log.Printf}: the message on one line of stderr (stdout stays the tool's output). */
    public static void printf(String format, Object... args) {
        NsqLogging.print(line(Instant.now(), args.length == 0 ? format : String.format(format, args)));
    }

    /** The line Go's logger writes for {@code message} at {@code time}: a newline is added unless it ends with one. */
    public static String line(Instant time, String message) {
        StringBuilder line = new StringBuilder(message.length() + 21);
        NsqLogging.appendLocalTime(line, time, false).append(' ').append(message);
        return message.endsWith("\n") ? line.toString() : line.append('\n').toString();
    }
}
