package io.jnsq.testwire;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own (this JVM's, on this class path), its stdout and stderr going to a log file
 * for {@link LogFile} to read: a file, not a pipe, since reading a pipe while the process exits can fail with
 * "Stream closed". As the launchers do, the JVM starts with SIGINT at its default where {@code env} can set it: a
 * test run from a background job (which inherits SIGINT ignored) still tests what SIGINT does.
 */
public final class JavaProcess {
    private static final class Env {
        static final boolean RESETS_SIGNALS = resetsSignals();

        private static boolean resetsSignals() {
            try {
                Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
                return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

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
        if (Env.RESETS_SIGNALS) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    /** Runs {@code mainClass} to its end, within {@code timeout}, and returns its exit status. */
    public static int run(Path logFile, Duration timeout, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        Process process = start(logFile, mainClass, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(mainClass.getSimpleName() + " still running after " + timeout);
            }
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }
}
