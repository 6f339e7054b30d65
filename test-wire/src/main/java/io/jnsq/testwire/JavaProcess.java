package io.jnsq.testwire;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class run in a JVM of its own (this JVM's, on this class path), its stdout and stderr going to a log file
 * for {@link LogFile} to read: a file, not a pipe, since reading a pipe while the process exits can fail with
 * "Stream closed".
 */
public final class JavaProcess {
    private JavaProcess() {
    }

    /** Starts {@code mainClass} with {@code args}. */
    public static Process start(Path logFile, Class<?> mainClass, String... args) throws IOException {
        return start(logFile, List.of(), mainClass, args);
    }

    /** Starts {@code mainClass} with {@code args}, the JVM with {@code jvmOptions}. */
    public static Process start(Path logFile, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }
}
