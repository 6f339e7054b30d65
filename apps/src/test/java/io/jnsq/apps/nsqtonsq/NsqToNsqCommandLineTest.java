package io.jnsq.apps.nsqtonsq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NsqToNsqCommandLineTest {
    private static final String NSQD = "--nsqd-tcp-address=127.0.0.1:4150";
    private static final String DEST = "--destination-nsqd-tcp-address=127.0.0.1:5150";

    @Test
    void everyFlagOfNsqToNsqIsDeclared() {
        assertThat(NsqToNsqCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("version", "topic",
                "channel", "destination-topic", "max-in-flight", "status-every", "mode", "nsqd-tcp-address",
                "destination-nsqd-tcp-address", "lookupd-http-address", "whitelist-json-field",
                "require-json-field", "require-json-value", "consumer-opt", "producer-opt");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        NsqToNsqOptions o = NsqToNsqCommandLine.parse("--topic=t", NSQD, DEST);

        assertThat(o.topics).containsExactly("t");
        assertThat(o.channel).isEqualTo("nsq_to_nsq");
        assertThat(o.destinationTopic).isEmpty();
        assertThat(o.maxInFlight).isEqualTo(200);
        assertThat(o.statusEvery).isEqualTo(250);
        assertThat(o.mode).isEqualTo("hostpool");
        assertThat(o.hostPoolMode()).isTrue();
        assertThat(o.nsqdTcpAddresses).containsExactly("127.0.0.1:4150");
        assertThat(o.lookupdHttpAddresses).isEmpty();
        assertThat(o.destinationNsqdTcpAddresses).containsExactly("127.0.0.1:5150");
        assertThat(o.whitelistJsonFields).isEmpty();
        assertThat(o.requireJsonField).isEmpty();
        assertThat(o.requireJsonValue).isEmpty();
        assertThat(o.consumerOptions).isEmpty();
        assertThat(o.producerOptions).isEmpty();
    }

    @Test
    void everyFlagIsRead() throws Exception {
        NsqToNsqOptions o = NsqToNsqCommandLine.parse("--topic=a", "--topic", "b", "--channel=c",
                "--destination-topic=d", "--max-in-flight=7", "--status-every=0", "--mode=round-robin",
                "--lookupd-http-address=h1:4161", "--lookupd-http-address=h2:4161", DEST,
                "--destination-nsqd-tcp-address=x:1", "--whitelist-json-field=k1", "--whitelist-json-field=k2",
                "--require-json-field=f", "--require-json-value=v", "--consumer-opt=max_attempts,10",
                "--producer-opt=snappy");

        assertThat(o.topics).containsExactly("a", "b");
        assertThat(o.channel).isEqualTo("c");
        assertThat(o.destinationTopic).isEqualTo("d");
        assertThat(o.maxInFlight).isEqualTo(7);
        assertThat(o.statusEvery).isZero();
        assertThat(o.hostPoolMode()).isFalse();
        assertThat(o.lookupdHttpAddresses).containsExactly("h1:4161", "h2:4161");
        assertThat(o.destinationNsqdTcpAddresses).containsExactly("127.0.0.1:5150", "x:1");
        assertThat(o.whitelistJsonFields).containsExactly("k1", "k2");
        assertThat(o.requireJsonField).isEqualTo("f");
        assertThat(o.requireJsonValue).isEqualTo("v");
        assertThat(o.consumerOptions).containsExactly(new ConfigFlag("max_attempts", "10"));
        assertThat(o.producerOptions).containsExactly(new ConfigFlag("snappy", "true"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hostpool       | true",
            "epsilon-greedy | true",
            "round-robin    | false",
            "bogus          | false",
    })
    void modesAreNsqs(String mode, boolean hostPool) throws Exception {
        assertThat(NsqToNsqCommandLine.parse("--topic=t", NSQD, DEST, "--mode=" + mode).hostPoolMode())
                .isEqualTo(hostPool);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--channel=c                                                       | --topic and --channel are required",
            "--topic=t --channel=                                              | --topic and --channel are required",
            "--topic=t --topic=b@d --destination-topic=b@d                     | --topic is invalid",
            "--topic=t --destination-topic=b@d --channel=b@d                   | --destination-topic is invalid",
            "--topic=t --channel=b@d                                           | --channel is invalid",
            "--topic=t                                                         | --nsqd-tcp-address or --lookupd-http-address required",
            "--topic=t --nsqd-tcp-address=a:1 --lookupd-http-address=b:2       | use --nsqd-tcp-address or --lookupd-http-address not both",
            "--topic=t --nsqd-tcp-address=a:1                                  | --destination-nsqd-tcp-address required",
    })
    void checksAreNsqsInNsqsOrder(String flags, String message) {
        assertThatThrownBy(() -> NsqToNsqCommandLine.parse(flags.split(" ")))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }

    @Test
    void anUnknownProducerOptionIsAFlagError() {
        assertThatThrownBy(() -> NsqToNsqCommandLine.parse("--topic=t", NSQD, DEST, "--producer-opt=bogus,1"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("invalid value \"bogus,1\" for flag -producer-opt: invalid option bogus\n");
    }

    @Test
    void versionIsNsqToNsqsWithoutBuildInformation() {
        assertThatThrownBy(() -> NsqToNsqCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("nsq_to_nsq v1.3.0");
    }

    @Test
    void usageListsEveryFlagWithNsqsDefaults() {
        assertThat(NsqToNsqCommandLine.usage()).startsWith("Usage of nsq_to_nsq:\n")
                .contains("  -channel string\n    \tnsq channel (default \"nsq_to_nsq\")\n")
                .contains("  -mode string\n    \tthe upstream request mode options: round-robin, hostpool (default),"
                        + " epsilon-greedy (default \"hostpool\")\n")
                .contains("  -status-every int\n    \tthe # of requests between logging status (per destination),"
                        + " 0 disables (default 250)\n");
    }
}
