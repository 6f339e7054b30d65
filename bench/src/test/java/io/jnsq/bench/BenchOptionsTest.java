package io.jnsq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

    @Test
    void writerDefaultsAreNsqs() {
        BenchWriter writer = new BenchWriter();
        BenchWriter.commandLine(writer).parseArgs();

        assertThat(writer.options.runfor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(writer.options.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 4150));
        assertThat(writer.options.topic()).isEqualTo("sub_bench");
        assertThat(writer.options.size()).isEqualTo(200);
        assertThat(writer.options.deadline()).isNull();
        assertThat(writer.batchSize).isEqualTo(200);
        assertThat(writer.workers).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void readerDefaultsAreNsqs() {
        BenchReader reader = new BenchReader();
        BenchReader.commandLine(reader).parseArgs();

        assertThat(reader.options.runfor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(reader.options.topic()).isEqualTo("sub_bench");
        assertThat(reader.channel).isEqualTo("ch");
        assertThat(reader.rdy).isEqualTo(2500);
        assertThat(reader.options.size()).isEqualTo(200);
    }

    @Test
    void acceptsGoFlagSyntaxWithOneOrTwoDashes() {
        BenchWriter writer = new BenchWriter();
        BenchWriter.commandLine(writer).parseArgs("-runfor=1m30s", "--size", "512", "-batch-size", "50",
                "--topic=t#ephemeral", "-nsqd-tcp-address=[::1]:4250", "--deadline", "2030-01-02 03:04:05");

        assertThat(writer.options.runfor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(writer.options.size()).isEqualTo(512);
        assertThat(writer.batchSize).isEqualTo(50);
        assertThat(writer.options.topic()).isEqualTo("t#ephemeral");
        assertThat(writer.options.address().getPort()).isEqualTo(4250);
        assertThat(writer.options.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(writer.options.deadline().toLocalDateTime()).isEqualTo(LocalDateTime.of(2030, 1, 2, 3, 4, 5));

        BenchReader reader = new BenchReader();
        BenchReader.commandLine(reader).parseArgs("--runfor", "250ms", "-channel=c", "--rdy=100");
        assertThat(reader.options.runfor()).isEqualTo(Duration.ofMillis(250));
        assertThat(reader.channel).isEqualTo("c");
        assertThat(reader.rdy).isEqualTo(100);
    }

    @Test
    void negotiatesNothingUnlessAsked() {
        BenchWriter writer = new BenchWriter();
        BenchWriter.commandLine(writer).parseArgs();

        assertThat(writer.options.features()).isEqualTo(new Features(false, false, false, 6));
        assertThat(writer.options.features().identifyJson(BenchWriter.IDENTIFY_JSON))
                .isEqualTo(BenchWriter.IDENTIFY_JSON);
    }

    @Test
    void takesJnsqsTlsAndCompressionFlags() {
        BenchWriter writer = new BenchWriter();
        BenchWriter.commandLine(writer).parseArgs("-tls", "--deflate", "--deflate-level", "3");
        assertThat(writer.options.features()).isEqualTo(new Features(true, false, true, 3));

        BenchReader reader = new BenchReader();
        BenchReader.commandLine(reader).parseArgs("--tls=true", "-snappy", "--deflate-level=9", "--rdy=5");
        assertThat(reader.options.features()).isEqualTo(new Features(true, true, false, 9));
        assertThat(reader.rdy).isEqualTo(5);

        BenchReader off = new BenchReader();
        BenchReader.commandLine(off).parseArgs("--tls=false", "--snappy");
        assertThat(off.options.features()).isEqualTo(new Features(false, true, false, 6));
    }

    @Test
    void asksForFeaturesInIdentify() {
        assertThat(new Features(false, true, false, 6).identifyJson(BenchReader.IDENTIFY_JSON)).isEqualTo(
                "{\"client_id\":\"reader\",\"hostname\":\"reader\",\"user_agent\":\"bench_reader/1.1.0\","
                        + "\"feature_negotiation\":true,\"tls_v1\":false,\"snappy\":true,\"deflate\":false,"
                        + "\"deflate_level\":6}");
    }

    @Test
    void refusesSnappyWithDeflateAndBadDeflateLevelsBeforeConnecting() {
        assertThat(execute(new BenchWriter(), "--snappy", "--deflate"))
                .contains("-snappy and -deflate cannot both be set");
        assertThat(execute(new BenchReader(), "-deflate", "-snappy=true"))
                .contains("-snappy and -deflate cannot both be set");
        assertThat(execute(new BenchWriter(), "--deflate", "--deflate-level=0"))
                .contains("-deflate-level must be [1,9]: 0");
        assertThat(execute(new BenchReader(), "--deflate-level", "10")).contains("-deflate-level must be [1,9]: 10");
    }

    @Test
    void badFlagsExitWithUsageStatus() {
        assertThat(execute(new BenchWriter(), "-runfor=5")).contains("time: missing unit in duration \"5\"");
        assertThat(execute(new BenchWriter(), "--bogus")).contains("Unknown option: '--bogus'");
        assertThat(execute(new BenchWriter(), "--batch-size=0")).contains("-batch-size must be at least 1");
        assertThat(execute(new BenchReader(), "--workers=0")).contains("-workers must be at least 1: 0");
        assertThat(execute(new BenchWriter(), "--warmup=-1s")).contains("-warmup must not be negative: -1s");
        assertThat(execute(new BenchReader(), "--deadline=tomorrow"))
                .contains("parsing time \"tomorrow\" as \"2006-01-02 15:04:05\"");
        assertThat(execute(new BenchReader(), "--nsqd-tcp-address=localhost")).contains("missing port in address");
    }

    private static String execute(Object command, String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute(args)).isEqualTo(2);
        return err.toString();
    }
}
