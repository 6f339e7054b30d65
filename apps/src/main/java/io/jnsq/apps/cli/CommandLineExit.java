package io.jnsq.apps.cli;

import java.util.function.Consumer;

/**
 * A binary must exit instead of starting: {@code --version}, {@code --help}, or a command line or config file it
 * cannot use. The message is what to print; {@link #kind()} says where and with which exit status.
 */
public final class CommandLineExit extends Exception {
    /** Where the message goes and the process's exit status. */
    public enum Kind {
        /** {@code --version}: the version line on stdout, status 0. */
        VERSION(0),
        /**
         * {@code --help}, an unknown or incomplete flag: the message and usage on stderr, status 2 as Go's flag
         * package.
         */
        USAGE(2),
        /**
         * {@code --help} of a tool: the usage on stderr, status 0, as Go's flag package has done since Go 1.15 (the
         * daemons answer it with {@link #USAGE}).
         */
        HELP(0),
        /** A value the binary cannot use: one {@code FATAL} log line on stderr (a tool: Go's log line), status 1. */
        FATAL(1);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    public CommandLineExit(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode;
    }

    /** Prints the message where its kind says; a fatal one as the binary words its fatal lines. */
    public void print(Consumer<String> printFatal) {
        switch (kind) {
            case VERSION -> System.out.println(getMessage());
            case USAGE, HELP -> System.err.println(getMessage());
            case FATAL -> printFatal.accept(getMessage());
        }
    }
}
