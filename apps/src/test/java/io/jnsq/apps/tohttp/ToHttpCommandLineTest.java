package io.jnsq.apps.tohttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.apps.tohttp.ToHttpOptions.Mode;
import io.jnsq.apps.tools.ConfigFlag;
import io.jnsq.common.flags.Flag;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToHttpCommandLineTest {
    private static final String NSQD = "--nsqd-tcp-address=127.0.0.1:4150";
    private static final String POST = "--post=http://127.0.0.1:8080/p";

    @Test
    void everyFlagOfNsqToHttpIsDeclared() {
        assertThat(ToHttpCommandLine.FLAGS).extracting(Flag::name).containsExactlyInAnyOrder("version", "topic",
                "channel", "max-in-flight", "n", "mode", "sample", "http-client-connect-timeout",
                "http-client-request-timeout", "status-every", "content-type", "post", "header", "get",
                "nsqd-tcp-address", "lookupd-http-address", "consumer-opt");
    }

    @Test
    void defaultsAreNsqs() throws Exception {
        ToHttpOptions o = ToHttpCommandLine.parse("--topic=t", NSQD, POST);

        assertThat(o.topic).isEqualTo("t");
        assertThat(o.channel).isEqualTo("nsq_to_http");
        assertThat(o.nsqdTcpAddresses).containsExactly("127.0.0.1:4150");
        assertThat(o.lookupdHttpAddresses).isEmpty();
        assertThat(o.consumerOptions).isEmpty();
        assertThat(o.maxInFlight).isEqualTo(200);
        assertThat(o.publishers).isEqualTo(100);
        assertThat(o.postAddresses).containsExactly("http://127.0.0.1:8080/p");
        assertThat(o.getAddresses).isEmpty();
        assertThat(o.post()).isTrue();
        assertThat(o.contentType).isEqualTo("application/octet-stream");
        assertThat(o.mode).isEqualTo("hostpool");
        assertThat(o.selectedMode).isEqualTo(Mode.HOST_POOL);
        assertThat(o.sample).isEqualTo(1.0);
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.statusEvery).isEqualTo(250);
        assertThat(o.headers).isEmpty();
    }

    @Test
    void everyFlagIsRead() throws Exception {
        ToHttpOptions o = ToHttpCommandLine.parse("--topic=t", "--channel=c", "--lookupd-http-address=h1:4161",
                "--lookupd-http-address=h2:4161", "--consumer-opt=max_attempts,10", "--max-in-flight=7", "--n=3",
                "--get=http://a/x?d=%s", "--get", "http://b/%s", "--mode=round-robin", "--sample=0.25",
                "--http-client-connect-timeout=1s", "--http-client-request-timeout=3s", "--status-every=0",
                "--header=X-One: 1", "--header", " X-Two :  two words ");

        assertThat(o.channel).isEqualTo("c");
        assertThat(o.lookupdHttpAddresses).containsExactly("h1:4161", "h2:4161");
        assertThat(o.consumerOptions).containsExactly(new ConfigFlag("max_attempts", "10"));
        assertThat(o.maxInFlight).isEqualTo(7);
        assertThat(o.publishers).isEqualTo(3);
        assertThat(o.getAddresses).containsExactly("http://a/x?d=%s", "http://b/%s");
        assertThat(o.post()).isFalse();
        assertThat(o.addresses()).containsExactly("http://a/x?d=%s", "http://b/%s");
        assertThat(o.selectedMode).isEqualTo(Mode.ROUND_ROBIN);
        assertThat(o.sample).isEqualTo(0.25);
        assertThat(o.httpConnectTimeout).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.httpRequestTimeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.statusEvery).isZero();
        assertThat(o.headers).containsExactly(Map.entry("X-One", "1"), Map.entry("X-Two", "two words"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "round-robin    | ROUND_ROBIN",
            "hostpool       | HOST_POOL",
            "epsilon-greedy | HOST_POOL",
            "multicast      | ALL",
            "anything       | ALL",
            "''             | ALL",
    })
    void anyModeNsqDoesNotNameSendsToEveryAddress(String mode, Mode selected) throws Exception {
        assertThat(ToHttpCommandLine.parse("--topic=t", NSQD, POST, "--mode=" + mode).selectedMode)
                .isEqualTo(selected);
    }

    @Test
    void theHeaderIsNameColonValueWhateverItsMessageSays() throws Exception {
        assertThat(ToHttpCommandLine.parse("--topic=t", NSQD, POST, "--header=Authorization: Bearer a:b").headers)
                .containsExactly(Map.entry("Authorization", "Bearer a:b"));
        assertThat(ToHttpCommandLine.parse("--topic=t", NSQD, POST, "--header=X:1", "--header=X:2").headers)
                .containsExactly(Map.entry("X", "2"));
        for (String bad : new String[] {"X-Test=yes", "X-Test:", ": yes", " : ", "plain"}) {
            assertThatThrownBy(() -> ToHttpCommandLine.parse("--topic=t", NSQD, POST, "--header=" + bad))
                    .as(bad).hasMessage("--header value format should be 'key=value'");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--post=http://p/                                                     | --topic and --channel are required",
            "--topic=t --channel= --post=http://p/                                | --topic and --channel are required",
            "--topic=t --get=http://g/%s --content-type=text/plain                | --content-type only used with --post",
            "--topic=t --post=http://p/ --content-type=                           | --content-type requires a value when used",
            "--topic=t --get=http://g/%s --content-type=                          | --content-type only used with --post",
            "--topic=t --post=http://p/ --nsqd-tcp-address=a:1 --lookupd-http-address=b:2 | use --nsqd-tcp-address or --lookupd-http-address not both",
            "--topic=t --nsqd-tcp-address=a:1                                     | --get or --post required",
            "--topic=t --nsqd-tcp-address=a:1 --get=http://g/%s --post=http://p/  | use --get or --post not both",
            "--topic=t --nsqd-tcp-address=a:1 --get=http://g/                     | invalid GET address - must be a printf string",
            "--topic=t --nsqd-tcp-address=a:1 --get=http://g/%s --get=http://g/%s%s | invalid GET address - must be a printf string",
            "--topic=t --nsqd-tcp-address=a:1 --post=http://p/ --sample=1.5       | ERROR: --sample must be between 0.0 and 1.0",
            "--topic=t --nsqd-tcp-address=a:1 --post=http://p/ --sample=-0.1      | ERROR: --sample must be between 0.0 and 1.0",
            // NSQ checks the sample before the headers
            "--topic=t --nsqd-tcp-address=a:1 --post=http://p/ --sample=2 --header=bad | ERROR: --sample must be between 0.0 and 1.0",
            "--topic=t --nsqd-tcp-address=a:1 --post=http://p/ --n=0              | --n must be at least 1",
    })
    void checksAreNsqsInNsqsOrder(String flags, String message) {
        String[] args = flags.contains("-address") ? flags.split(" ") : (flags + " " + NSQD).split(" ");
        assertThatThrownBy(() -> ToHttpCommandLine.parse(args))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
                .hasMessage(message);
    }

    @Test
    void addressesAreCheckedBeforeGetAndPost() {
        assertThatThrownBy(() -> ToHttpCommandLine.parse("--topic=t"))
                .hasMessage("--nsqd-tcp-address or --lookupd-http-address required");
    }

    @Test
    void theDefaultContentTypeGivenExplicitlyPassesWithGet() throws Exception {
        ToHttpOptions o = ToHttpCommandLine.parse("--topic=t", NSQD, "--get=http://g/%s",
                "--content-type=application/octet-stream");
        assertThat(o.post()).isFalse();
    }

    @Test
    void aBadSampleIsAFlagErrorWithGosReason() {
        assertThatThrownBy(() -> ToHttpCommandLine.parse("--sample=half"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid value \"half\" for flag -sample: parse error\n" + ToHttpCommandLine.usage());
    }

    @Test
    void anUnknownConsumerOptionIsAFlagErrorWithGoNsqsMessage() {
        assertThatThrownBy(() -> ToHttpCommandLine.parse("--topic=t", NSQD, POST, "--consumer-opt=bogus,1"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("invalid value \"bogus,1\" for flag -consumer-opt: invalid option bogus\n");
    }

    @Test
    void versionIsNsqToHttpsWithoutBuildInformation() {
        assertThatThrownBy(() -> ToHttpCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, e -> assertThat(e.kind()).isEqualTo(Kind.VERSION))
                .hasMessage("nsq_to_http v1.3.0");
    }

    @Test
    void usageIsNsqToHttps() {
        assertThat(ToHttpCommandLine.usage()).isEqualTo("""
                Usage of nsq_to_http:
                  -channel string
                    \tnsq channel (default "nsq_to_http")
                  -consumer-opt value
                    \toption to passthrough to nsq.Consumer (may be given multiple times, \
                http://godoc.org/github.com/nsqio/go-nsq#Config)
                  -content-type string
                    \tthe Content-Type used for POST requests (default "application/octet-stream")
                  -get value
                    \tHTTP address to make a GET request to. '%s' will be printf replaced with data (may be given \
                multiple times)
                  -header value
                    \tCustom header for HTTP requests (may be given multiple times)
                  -http-client-connect-timeout duration
                    \ttimeout for HTTP connect (default 2s)
                  -http-client-request-timeout duration
                    \ttimeout for HTTP request (default 20s)
                  -lookupd-http-address value
                    \tlookupd HTTP address (may be given multiple times)
                  -max-in-flight int
                    \tmax number of messages to allow in flight (default 200)
                  -mode string
                    \tthe upstream request mode options: round-robin, hostpool (default), epsilon-greedy \
                (default "hostpool")
                  -n int
                    \tnumber of concurrent publishers (default 100)
                  -nsqd-tcp-address value
                    \tnsqd TCP address (may be given multiple times)
                  -post value
                    \tHTTP address to make a POST request to.  data will be in the body (may be given multiple \
                times)
                  -sample float
                    \t% of messages to publish (float b/w 0 -> 1) (default 1)
                  -status-every int
                    \tthe # of requests between logging status (per handler), 0 disables (default 250)
                  -topic string
                    \tnsq topic
                  -version
                    \tprint version string""");
    }
}
