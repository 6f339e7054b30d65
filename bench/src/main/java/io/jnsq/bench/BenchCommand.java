package io.jnsq.bench;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What bench_writer and bench_reader share: the common flags, validation, the run and the result line. */
abstract class BenchCommand implements Callable<Integer> {
    @Mixin
    final BenchOptions options = new BenchOptions();

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Spec
    CommandSpec spec;

    @Option(names = {"-workers", "--workers"}, paramLabel = "int",
            description = "jnsq: connections, each with a thread of its own (default: one per processor, as NSQ's "
                    + "tools run GOMAXPROCS of them)")
    int workers = BenchRunner.defaultWorkers();
    /** The run in progress, once {@link #bench()} has started one. */
    volatile BenchRunner runner;
    GoLog log;

    BenchCommand(String logPrefix) {
        log = new GoLog(logPrefix, System.err);
    }

    /** Checks the flags only this tool has; throws {@link IllegalArgumentException} with the message. */
    abstract void validateOwnFlags();

    /** Prints what this tool measures beyond NSQ's result line, after it; nothing unless asked for. */
    void reportMore() {
    }

    /** Runs the benchmark with the parsed flags. */
    abstract BenchResult bench() throws IOException, InterruptedException;

    @Override
    public final Integer call() throws InterruptedException {
        try {
            options.validate();
            if (workers < 1) {
                throw new IllegalArgumentException("-workers must be at least 1: " + workers);
            }
            validateOwnFlags();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            log.printf("%s", bench().line());
            reportMore();
            return 0;
        } catch (IOException e) {
            log.printf("%s", e.getMessage());
            return 1;
        }
    }
}
