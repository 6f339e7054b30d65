package io.jnsq.apps.tonsq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToNsqCommandLineTest {
    private static final String NSQD = "--nsqd-tcp-address=127.0.0.1:4150";

    @Test
    void everyFlagOfToNsqIsDeclared() {
        assertThat(ToNsqCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("topic", "delimiter",
                "nsqd-tcp-address", "producer-opt", "rate");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        ToNsqOptions o = ToNsqCommandLine.parse("--topic=t", NSQD);

        assertThat(o.topic).isEqualTo("t");
        assertThat(o.delimiter).isEqualTo("\n");
        assertThat(o.rate).isZero();
        assertThat(o.producerOptions).isEmpty();
    }

    @Test
    void repeatableFlagsAccumulate() throws Exception {
        ToNsqOptions o = ToNsqCommandLine.parse("--topic=t", "--nsqd-tcp-address=a:1", "--nsqd-tcp-address", "b:2",
                "--producer-opt=client_id,me", "--producer-opt=snappy", "--delimiter=,", "--rate=50");

        assertThat(o.nsqdTcpAddresses).containsExactly("a:1", "b:2");
        assertThat(o.producerOptions).containsExactly(new ConfigFlag("client_id", "me"),
                new ConfigFlag("snappy", "true"));
        assertThat(o.delimiter).isEqualTo(",");
        assertThat(o.rate).isEqualTo(50);
    }

    @Test
    void checksAreNsqsInNsqsOrder() {
        assertFatal("--topic required", NSQD);
        assertFatal("--topic required", "--delimiter=ab");
        assertFatal("--delimiter must be a single byte", "--topic=t", "--delimiter=ab");
        assertFatal("--delimiter must be a single byte", "--topic=t", "--delimiter=");
        assertFatal("--nsqd-tcp-address required", "--topic=t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "|", ",", "\u0001"})
    void anyOneByteIsADelimiter(String delimiter) throws Exception {
        assertThat(ToNsqCommandLine.parse("--topic=t", NSQD, "--delimiter=" + delimiter).delimiter)
                .isEqualTo(delimiter);
    }

    @Test
    void aCharacterOfSeveralBytesIsNotADelimiter() {
        // é is two bytes in UTF-8, as the platform encoding of the tests' JVM gives it
        assertThat(ToNsqCommandLine.delimiterBytes("é")).hasSizeGreaterThan(1);
        assertFatal("--delimiter must be a single byte", "--topic=t", NSQD, "--delimiter=é");
    }

    @Test
    void toNsqHasNoVersionFlag() {
        assertThatThrownBy(() -> ToNsqCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.USAGE))
                .hasMessage("flag provided but not defined: -version\n" + ToNsqCommandLine.usage());
    }

    @Test
    void aBadProducerOptionIsAFlagError() {
        assertThatThrownBy(() -> ToNsqCommandLine.parse("--producer-opt=nope,1"))
                .hasMessageStartingWith("invalid value \"nope,1\" for flag -producer-opt: invalid option nope\n");
        assertThatThrownBy(() -> ToNsqCommandLine.parse("--rate=fast"))
                .hasMessageStartingWith("invalid value \"fast\" for flag -rate: parse error\n");
    }

    @Test
    void usageIsToNsqs() {
        assertThat(ToNsqCommandLine.usage()).isEqualTo("""
                Usage of to_nsq:
                  -delimiter string
                    \tcharacter to split input from stdin (default "\\n")
                  -nsqd-tcp-address value
                    \tdestination nsqd TCP address (may be given multiple times)
                  -producer-opt value
                    \toption to passthrough to nsq.Producer (may be given multiple times, \
                http://godoc.org/github.com/nsqio/go-nsq#Config)
                  -rate int
                    \tThrottle messages to n/second. 0 to disable
                  -topic string
                    \tNSQ topic to publish to""");
    }

    private static void assertFatal(String message, String... args) {
        assertThatThrownBy(() -> ToNsqCommandLine.parse(args))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }
}
