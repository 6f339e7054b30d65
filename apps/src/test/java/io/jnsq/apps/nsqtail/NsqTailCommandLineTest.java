package io.jnsq.apps.nsqtail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NsqTailCommandLineTest {
    private static final String NSQD = "--nsqd-tcp-address=127.0.0.1:4150";

    @Test
    void everyFlagOfNsqTailIsDeclared() {
        assertThat(NsqTailCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("version", "channel",
                "max-in-flight", "n", "print-topic", "nsqd-tcp-address", "lookupd-http-address", "topic",
                "consumer-opt");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        NsqTailOptions o = NsqTailCommandLine.parse("--topic=t", NSQD);

        assertThat(o.topics).containsExactly("t");
        assertThat(o.nsqdTcpAddresses).containsExactly("127.0.0.1:4150");
        assertThat(o.lookupdHttpAddresses).isEmpty();
        assertThat(o.maxInFlight).isEqualTo(200);
        assertThat(o.totalMessages).isZero();
        assertThat(o.printTopic).isFalse();
        assertThat(o.consumerOptions).isEmpty();
        assertThat(o.channel).matches("tail\\d{6}#ephemeral");
    }

    @Test
    void repeatableFlagsAccumulate() throws Exception {
        NsqTailOptions o = NsqTailCommandLine.parse("--topic=a", "--topic", "b", "--lookupd-http-address=h1:4161",
                "--lookupd-http-address=h2:4161", "--consumer-opt=max_attempts,10", "--consumer-opt=snappy",
                "--channel=c", "--print-topic", "-n", "3");

        assertThat(o.topics).containsExactly("a", "b");
        assertThat(o.lookupdHttpAddresses).containsExactly("h1:4161", "h2:4161");
        assertThat(o.consumerOptions).containsExactly(new ConfigFlag("max_attempts", "10"),
                new ConfigFlag("snappy", "true"));
        assertThat(o.channel).isEqualTo("c");
        assertThat(o.printTopic).isTrue();
        assertThat(o.totalMessages).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--n=5                      | 5",
            "--n=500                    | 200",
            "--n=0                      | 200",
            "--n=5 --max-in-flight=3    | 3",
            "--max-in-flight=1000       | 1000",
    })
    void maxInFlightIsReducedToN(String flags, int maxInFlight) throws Exception {
        String[] args = (flags + " --topic=t " + NSQD).split(" ");

        assertThat(NsqTailCommandLine.parse(args).maxInFlight).isEqualTo(maxInFlight);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--topic=t                                                   | --nsqd-tcp-address or --lookupd-http-address required",
            "--topic=t --nsqd-tcp-address=a:1 --lookupd-http-address=b:2 | use --nsqd-tcp-address or --lookupd-http-address not both",
            "--nsqd-tcp-address=a:1                                      | --topic required",
            // NSQ checks the addresses first
            "--channel=c                                                 | --nsqd-tcp-address or --lookupd-http-address required",
    })
    void checksAreNsqsInNsqsOrder(String flags, String message) {
        assertThatThrownBy(() -> NsqTailCommandLine.parse(flags.split(" ")))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }

    @Test
    void anUnknownConsumerOptionIsAFlagErrorWithGoNsqsMessage() {
        assertThatThrownBy(() -> NsqTailCommandLine.parse("--topic=t", NSQD, "--consumer-opt=bogus,1"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid value \"bogus,1\" for flag -consumer-opt: invalid option bogus\n"
                        + NsqTailCommandLine.usage());
        assertThatThrownBy(() -> NsqTailCommandLine.parse("--consumer-opt=max_in_flight,-1"))
                .hasMessageStartingWith("invalid value \"max_in_flight,-1\" for flag -consumer-opt:"
                        + " invalid max_in_flight ! -1 < 0\n");
    }

    @Test
    void versionIsNsqTailsWithoutBuildInformation() {
        assertThatThrownBy(() -> NsqTailCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("nsq_tail v1.3.0");
    }

    @Test
    void usageIsNsqTails() {
        assertThat(NsqTailCommandLine.usage()).isEqualTo("""
                Usage of nsq_tail:
                  -channel string
                    \tNSQ channel
                  -consumer-opt value
                    \toption to passthrough to nsq.Consumer (may be given multiple times, \
                http://godoc.org/github.com/nsqio/go-nsq#Config)
                  -lookupd-http-address value
                    \tlookupd HTTP address (may be given multiple times)
                  -max-in-flight int
                    \tmax number of messages to allow in flight (default 200)
                  -n int
                    \ttotal messages to show (will wait if starved)
                  -nsqd-tcp-address value
                    \tnsqd TCP address (may be given multiple times)
                  -print-topic
                    \tprint topic name where message was received
                  -topic value
                    \tNSQ topic (may be given multiple times)
                  -version
                    \tprint version string""");
    }
}
