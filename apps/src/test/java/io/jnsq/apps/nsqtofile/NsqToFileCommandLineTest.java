package io.jnsq.apps.nsqtofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NsqToFileCommandLineTest {
    private static final String NSQD = "--nsqd-tcp-address=127.0.0.1:4150";

    @Test
    void everyFlagOfNsqToFileIsDeclared() {
        assertThat(NsqToFileCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("version",
                "log-level", "log-prefix", "channel", "max-in-flight", "output-dir", "work-dir", "datetime-format",
                "filename-format", "host-identifier", "gzip-level", "gzip", "skip-empty-files", "topic-refresh",
                "topic-pattern", "rotate-size", "rotate-interval", "sync-interval", "http-client-connect-timeout",
                "http-client-request-timeout", "nsqd-tcp-address", "lookupd-http-address", "topic", "consumer-opt");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        NsqToFileOptions o = NsqToFileCommandLine.parse("--topic=t", NSQD);

        assertThat(o.topics).containsExactly("t");
        assertThat(o.topicPattern).isEmpty();
        assertThat(o.topicRefresh).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.channel).isEqualTo("nsq_to_file");
        assertThat(o.nsqdTcpAddresses).containsExactly("127.0.0.1:4150");
        assertThat(o.lookupdHttpAddresses).isEmpty();
        assertThat(o.consumerOptions).isEmpty();
        assertThat(o.maxInFlight).isEqualTo(200);
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.logLevel).isEqualTo("info");
        assertThat(o.logPrefix).isEqualTo("[nsq_to_file] ");
        assertThat(o.outputDir).isEqualTo("/tmp");
        assertThat(o.workDir).as("the output directory when not given").isEqualTo("/tmp");
        assertThat(o.datetimeFormat).isEqualTo("%Y-%m-%d_%H");
        assertThat(o.filenameFormat).isEqualTo("<TOPIC>.<HOST><REV>.<DATETIME>.log");
        assertThat(o.hostIdentifier).isEmpty();
        assertThat(o.gzip).isFalse();
        assertThat(o.gzipLevel).isEqualTo(6);
        assertThat(o.skipEmptyFiles).isFalse();
        assertThat(o.rotateSize).isZero();
        assertThat(o.rotateInterval).isZero();
        assertThat(o.syncInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.needsRevision()).isFalse();
    }

    @Test
    void everyFlagIsRead() throws Exception {
        NsqToFileOptions o = NsqToFileCommandLine.parse("--topic=a", "--topic", "b", "--topic-pattern=^a",
                "--topic-refresh=5s", "--channel=c", "--lookupd-http-address=h1:4161",
                "--lookupd-http-address=h2:4161", "--consumer-opt=max_attempts,10", "--max-in-flight=7",
                "--http-client-connect-timeout=1s", "--http-client-request-timeout=3s", "--log-level=DEBUG",
                "--log-prefix=", "--output-dir=/out", "--work-dir=/work", "--datetime-format=%Y",
                "--filename-format=<TOPIC><REV>", "--host-identifier=<SHORT_HOST>-x", "--gzip", "--gzip-level=9",
                "--skip-empty-files", "--rotate-size=1000", "--rotate-interval=1h", "--sync-interval=2s");

        assertThat(o.topics).containsExactly("a", "b");
        assertThat(o.topicPattern).isEqualTo("^a");
        assertThat(o.topicRefresh).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.channel).isEqualTo("c");
        assertThat(o.lookupdHttpAddresses).containsExactly("h1:4161", "h2:4161");
        assertThat(o.consumerOptions).containsExactly(new ConfigFlag("max_attempts", "10"));
        assertThat(o.maxInFlight).isEqualTo(7);
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.logLevel).isEqualTo("DEBUG");
        assertThat(o.logPrefix).isEmpty();
        assertThat(o.outputDir).isEqualTo("/out");
        assertThat(o.workDir).isEqualTo("/work");
        assertThat(o.datetimeFormat).isEqualTo("%Y");
        assertThat(o.filenameFormat).isEqualTo("<TOPIC><REV>");
        assertThat(o.hostIdentifier).isEqualTo("<SHORT_HOST>-x");
        assertThat(o.gzip).isTrue();
        assertThat(o.gzipLevel).isEqualTo(9);
        assertThat(o.skipEmptyFiles).isTrue();
        assertThat(o.rotateSize).isEqualTo(1000);
        assertThat(o.rotateInterval).isEqualTo(Duration.ofHours(1));
        assertThat(o.syncInterval).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--topic=t extra other                                    | unknown arguments: [extra other]",
            "--topic=t -- extra                                       | unknown arguments: [extra]",
            "--version --log-level=loud                               | --log-level is invalid",
            "--topic=t --channel=                                     | --channel is required",
            "--topic=t --http-client-connect-timeout=0s               | --http-client-connect-timeout should be positive",
            "--topic=t --http-client-request-timeout=-1s              | --http-client-request-timeout should be positive",
            "--topic=t                                                | --nsqd-tcp-address or --lookupd-http-address required.",
            "--topic=t --nsqd-tcp-address=a:1 --lookupd-http-address=b:2 | use --nsqd-tcp-address or --lookupd-http-address not both",
            "--topic=t --nsqd-tcp-address=a:1 --gzip-level=0          | invalid --gzip-level value (0), should be 1-9",
            "--topic=t --nsqd-tcp-address=a:1 --gzip-level=10         | invalid --gzip-level value (10), should be 1-9",
            "--nsqd-tcp-address=a:1                                   | --topic or --topic-pattern required",
            "--topic-pattern=x --nsqd-tcp-address=a:1                 | --lookupd-http-address must be specified when no --topic specified",
            "--topic=t --nsqd-tcp-address=a:1 --sync-interval=0s      | --sync-interval should be positive",
    })
    void checksAreNsqsInNsqsOrder(String flags, String message) {
        assertThatThrownBy(() -> NsqToFileCommandLine.parse(flags.split(" +")))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--gzip",
            "--rotate-size=1",
            "--rotate-interval=1m",
            "--work-dir=/work",
    })
    void revisionIsRequiredWhenAFileMayBeRotatedOrMoved(String flag) {
        assertThatThrownBy(() -> NsqToFileCommandLine.parse("--topic=t", NSQD, flag,
                "--filename-format=<TOPIC>.<DATETIME>.log"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage("missing <REV> in --filename-format when gzip, rotation, or work dir enabled");
    }

    @Test
    void aWorkDirThatIsTheOutputDirNeedsNoRevision() throws Exception {
        NsqToFileOptions o = NsqToFileCommandLine.parse("--topic=t", NSQD, "--work-dir=/tmp",
                "--filename-format=<TOPIC>.log");

        assertThat(o.needsRevision()).isFalse();
    }

    @Test
    void aTopicPatternWithLookupdNeedsNoTopic() throws Exception {
        NsqToFileOptions o = NsqToFileCommandLine.parse("--topic-pattern=^a", "--lookupd-http-address=h:4161");

        assertThat(o.topics).isEmpty();
    }

    @Test
    void anUnknownConsumerOptionIsAFlagError() {
        assertThatThrownBy(() -> NsqToFileCommandLine.parse("--topic=t", NSQD, "--consumer-opt=bogus,1"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("invalid value \"bogus,1\" for flag -consumer-opt: invalid option bogus\n");
    }

    @Test
    void versionIsNsqToFilesWithoutBuildInformationWhateverElseIsMissing() {
        assertThatThrownBy(() -> NsqToFileCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("nsq_to_file v1.3.0");
    }

    @Test
    void usageListsEveryFlagWithNsqsDefaults() {
        assertThat(NsqToFileCommandLine.usage()).startsWith("Usage of nsq_to_file:\n")
                .contains("  -channel string\n    \tnsq channel (default \"nsq_to_file\")\n")
                .contains("  -filename-format string\n    \toutput filename format (<TOPIC>, <HOST>, <PID>,"
                        + " <DATETIME>, <REV> are replaced. <REV> is increased when file already exists) (default"
                        + " \"<TOPIC>.<HOST><REV>.<DATETIME>.log\")\n")
                .contains("  -rotate-size rotate-size\n    \trotate the file when it grows bigger than rotate-size"
                        + " bytes\n")
                .contains("  -sync-interval duration\n    \tsync file to disk every duration (default 30s)\n")
                .contains("  -topic-refresh duration\n    \thow frequently the topic list should be refreshed"
                        + " (default 1m0s)\n");
    }
}
