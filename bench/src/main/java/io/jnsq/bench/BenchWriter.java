package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import java.io.IOException;
import java.util.Collections;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench_writer: publishes to nsqd as fast as it answers, over one raw V2 connection per processor, each sending
 * MPUBs of {@code --batch-size} messages of {@code --size} bytes for {@code --runfor}, then prints NSQ's result
 * line.
 */
@Command(name = "bench_writer", sortOptions = false, usageHelpAutoWidth = true,
        description = "Publishes MPUBs to nsqd for a while and prints the throughput.")
public final class BenchWriter extends BenchCommand {
    static final String IDENTIFY_JSON =
            "{\"client_id\":\"writer\",\"hostname\":\"writer\",\"user_agent\":\"bench_writer/1.1.0\"}";

    @Option(names = {"-batch-size", "--batch-size"}, paramLabel = "int",
            description = "batch size of messages (default 200)")
    int batchSize = 200;

    BenchWriter() {
        super("[bench_writer] ");
    }

    public static void main(String[] args) {
        System.exit(commandLine(new BenchWriter()).execute(args));
    }

    static CommandLine commandLine(BenchWriter writer) {
        return new CommandLine(writer);
    }

    @Override
    void validateOwnFlags() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("-batch-size must be at least 1: " + batchSize);
        }
    }

    @Override
    BenchResult bench() throws IOException, InterruptedException {
        Features features = options.features();
        byte[] identify = Connection.encode(out -> Commands.identify(out, features.identifyJson(IDENTIFY_JSON)));
        byte[] mpub = Connection.encode(out ->
                Commands.mpub(out, options.topic(), Collections.nCopies(batchSize, new byte[options.size()])));
        runner = new BenchRunner(options.runfor(), log);
        BenchRunner.WorkerFactory factory = options.client
                ? id -> ClientPubWorker.connect(options, batchSize)
                : id -> PubWorker.connect(options.address(), identify, features, mpub, batchSize);
        return runner.run(workers, factory, options.deadline(), options.size());
    }
}
