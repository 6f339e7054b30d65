package io.jnsq.bench;

import io.jnsq.protocol.Commands;
import io.jnsq.protocol.GoDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    @Option(names = {"-warmup", "--warmup"}, paramLabel = "duration",
            converter = BenchOptions.GoDurationConverter.class,
            description = "jnsq: publish this long before --runfor starts, uncounted (default 0s)")
    Duration warmup = Duration.ZERO;

    @Option(names = {"-latency", "--latency"}, arity = "0..1", paramLabel = "bool",
            description = "jnsq: after the result line, the MPUB round trip's percentiles, from sending to nsqd's "
                    + "answer")
    boolean latency;

    /** Each worker's round trips, added up for --latency once the run is over. */
    private final List<RoundTrips> roundTrips = Collections.synchronizedList(new ArrayList<>());

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
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("-warmup must not be negative: " + GoDuration.format(warmup));
        }
    }

    @Override
    BenchResult bench() throws IOException, InterruptedException {
        Features features = options.features();
        byte[] identify = Connection.encode(out -> Commands.identify(out, features.identifyJson(IDENTIFY_JSON)));
        byte[] mpub = Connection.encode(out ->
                Commands.mpub(out, options.topic(), Collections.nCopies(batchSize, new byte[options.size()])));
        runner = new BenchRunner(warmup, options.runfor(), log);
        BenchRunner.WorkerFactory factory = id -> {
            RoundTrips own = new RoundTrips();
            roundTrips.add(own);
            return options.client
                    ? ClientPubWorker.connect(options, batchSize, own)
                    : PubWorker.connect(options.address(), identify, features, mpub, batchSize, own);
        };
        return runner.run(workers, factory, options.deadline(), options.size());
    }

    @Override
    void reportMore() {
        if (latency) {
            log.printf("%s", RoundTrips.line(roundTrips));
        }
    }
}
