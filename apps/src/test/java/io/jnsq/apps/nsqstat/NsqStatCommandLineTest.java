package io.jnsq.apps.nsqstat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.common.flags.Flag;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NsqStatCommandLineTest {
    private static final String NSQD = "--nsqd-http-address=127.0.0.1:4151";

    @Test
    void everyFlagOfNsqStatIsDeclared() {
        assertThat(NsqStatCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("version", "topic",
                "channel", "interval", "http-client-connect-timeout", "http-client-request-timeout", "count",
                "nsqd-http-address", "lookupd-http-address");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        NsqStatOptions o = NsqStatCommandLine.parse("--topic=t", "--channel=c", NSQD);

        assertThat(o.topic).isEqualTo("t");
        assertThat(o.channel).isEqualTo("c");
        assertThat(o.nsqdHttpAddresses).containsExactly("127.0.0.1:4151");
        assertThat(o.lookupdHttpAddresses).isEmpty();
        assertThat(o.interval).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.count).as("unset: forever").isNull();
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyFlagIsRead() throws Exception {
        NsqStatOptions o = NsqStatCommandLine.parse("-topic", "t", "--channel", "c#ephemeral",
                "--lookupd-http-address=h1:4161", "--lookupd-http-address=h2:4161", "--interval=100ms",
                "--count=3", "--http-client-connect-timeout=1s", "--http-client-request-timeout=1m");

        assertThat(o.channel).isEqualTo("c#ephemeral");
        assertThat(o.lookupdHttpAddresses).containsExactly("h1:4161", "h2:4161");
        assertThat(o.interval).isEqualTo(Duration.ofMillis(100));
        assertThat(o.count).isEqualTo(3);
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofMinutes(1));
        assertThat(NsqStatCommandLine.parse("--topic=t", "--channel=c", NSQD, NSQD).nsqdHttpAddresses).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--channel=c " + NSQD + "                                  | --topic and --channel are required",
            "--topic=t " + NSQD + "                                    | --topic and --channel are required",
            // NSQ checks topic and channel first
            "--interval=0s                                             | --topic and --channel are required",
            "--topic=t --channel=c --interval=0s " + NSQD + "          | --interval should be positive",
            "--topic=t --channel=c --interval=-1s " + NSQD + "         | --interval should be positive",
            "--topic=t --channel=c --http-client-connect-timeout=0s    | --http-client-connect-timeout should be positive",
            "--topic=t --channel=c --http-client-request-timeout=0s    | --http-client-request-timeout should be positive",
            "--topic=t --channel=c --count=0 " + NSQD + "              | --count should be positive",
            "--topic=t --channel=c --count=-2                          | --count should be positive",
            "--topic=t --channel=c                                     | --nsqd-http-address or --lookupd-http-address required",
            "--topic=t --channel=c " + NSQD + " --lookupd-http-address=a:1 | use --nsqd-http-address or --lookupd-http-address not both",
            "--topic=t --channel=c --nsqd-http-address=http://a:1      | --nsqd-http-address error - address should not contain scheme",
            "--topic=t --channel=c --lookupd-http-address=b:2 --lookupd-http-address=https://a:1 | --lookupd-http-address error - address should not contain scheme",
    })
    void checksAreNsqsInNsqsOrder(String flags, String message) {
        assertThatThrownBy(() -> NsqStatCommandLine.parse(flags.trim().split(" +")))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x           | strconv.ParseInt: parsing \"x\": invalid syntax",
            "0x10        | strconv.ParseInt: parsing \"0x10\": invalid syntax",
            "3000000000  | strconv.ParseInt: parsing \"3000000000\": value out of range",
    })
    void aCountThatIsNotAnIntIsAFlagErrorWithStrconvsMessage(String count, String reason) {
        assertThatThrownBy(() -> NsqStatCommandLine.parse("--count=" + count))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid value \"" + count + "\" for flag -count: " + reason + "\n"
                        + NsqStatCommandLine.usage());
    }

    @Test
    void aBadDurationIsAFlagError() {
        assertThatThrownBy(() -> NsqStatCommandLine.parse("--interval=2"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("invalid value \"2\" for flag -interval: parse error\n");
    }

    @Test
    void versionIsNsqStatsWithoutBuildInformation() {
        assertThatThrownBy(() -> NsqStatCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("nsq_stat v1.3.0");
    }

    @Test
    void usageIsNsqStats() {
        assertThat(NsqStatCommandLine.usage()).isEqualTo("""
                Usage of nsq_stat:
                  -channel string
                    \tNSQ channel
                  -count value
                    \tnumber of reports
                  -http-client-connect-timeout duration
                    \ttimeout for HTTP connect (default 2s)
                  -http-client-request-timeout duration
                    \ttimeout for HTTP request (default 5s)
                  -interval duration
                    \tduration of time between polling/printing output (default 2s)
                  -lookupd-http-address value
                    \tlookupd HTTP address (may be given multiple times)
                  -nsqd-http-address value
                    \tnsqd HTTP address (may be given multiple times)
                  -topic string
                    \tNSQ topic
                  -version
                    \tprint version""");
    }
}
