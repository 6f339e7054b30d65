package io.jnsq.testwire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of a daemon run as a process, written to a file (not a pipe: reading a pipe while the process exits
 * can fail with "Stream closed"), read while it runs.
 */
public final class LogFile {
    private static final Duration START = Duration.ofSeconds(30);

    private LogFile() {
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port in the first line {@code pattern} finds (its group 1), waiting up to 30 s for it. */
    public static int awaitPort(Path file, Pattern pattern, String description) {
        return Await.untilNonNull(START, () -> lines(file).stream().map(pattern::matcher).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1))).findFirst().orElse(null), description);
    }

    /** Waits up to 30 s for a line that contains {@code text}. */
    public static void awaitLine(Path file, String text) {
        Await.until(START, () -> lines(file).stream().anyMatch(line -> line.contains(text)),
                "a line with \"" + text + "\" in " + file);
    }
}
