package io.jnsq.bench;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Lines as Go's standard logger writes them: {@code [prefix] 2009/11/10 23:00:00 text}, to stderr by default. */
final class GoLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss ");

    private final String prefix;
    private final PrintStream out;

    GoLog(String prefix, PrintStream out) {
        this.prefix = prefix;
        this.out = out;
    }

    void printf(String format, Object... args) {
        out.println(prefix + STAMP.format(LocalDateTime.now()) + String.format(format, args));
        out.flush();
    }
}
