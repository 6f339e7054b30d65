package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench_reader: consumes from nsqd as fast as it delivers, over one raw V2 connection per processor, each
 * subscribed with {@code RDY --rdy} and FINishing every message for {@code --runfor}, then prints NSQ's result
 * line ({@code --size} only enters the MiB/s figure). nsqd's {@code --max-rdy-count} must allow {@code --rdy}.
 */
@Command(name = "bench_reader", sortOptions = false, usageHelpAutoWidth = true,
        description = "Consumes from nsqd for a while and prints the throughput.")
public final class BenchReader extends BenchCommand {
    static final String IDENTIFY_JSON =
            "{\"client_id\":\"reader\",\"hostname\":\"reader\",\"user_agent\":\"bench_reader/1.1.0\"}";

    @Option(names = {"-channel", "--channel"}, paramLabel = "string",
            description = "channel to receive messages on (default \"ch\")")
    String channel = "ch";

    @Option(names = {"-rdy", "--rdy"}, paramLabel = "int", description = "RDY count to use (default 2500)")
    int rdy = 2500;

    BenchReader() {
        super("[bench_reader] ");
    }

    public static void main(String[] args) {
        System.exit(commandLine(new BenchReader()).execute(args));
    }

    static CommandLine commandLine(BenchReader reader) {
        return new CommandLine(reader);
    }

    @Override
    void validateOwnFlags() {
        if (rdy < 1) {
            throw new IllegalArgumentException("-rdy must be at least 1: " + rdy);
        }
    }

    @Override
    BenchResult bench() throws IOException, InterruptedException {
        Features features = options.features();
        byte[] identify = Connection.encode(out -> Commands.identify(out, features.identifyJson(IDENTIFY_JSON)));
        byte[] sub = Connection.encode(out -> Commands.sub(out, options.topic(), channel));
        runner = new BenchRunner(Duration.ZERO, options.runfor(), log);
        BenchRunner.WorkerFactory factory = options.client
                ? id -> ClientSubWorker.connect(options, channel, rdy)
                : id -> SubWorker.connect(options.address(), identify, features, sub, rdy);
        return runner.run(workers, factory, options.deadline(), options.size());
    }
}
