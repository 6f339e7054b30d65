package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.common.Version;
import io.jnsq.common.flags.Flag;
import io.jnsq.protocol.Hostname;
import io.jnsq.nsqd.NodeId;
import io.jnsq.nsqd.NsqdFlags;
import io.jnsq.nsqd.NsqdOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NsqdCommandLineTest {
    /** TLS may only be required with a certificate and key; their files are not read while parsing. */
    private static final String[] TLS_FILES = {"--tls-cert=cert.pem", "--tls-key=key.pem"};

    @Test
    void everyFlagOfNsqdIsDeclared() {
        assertThat(NsqdFlags.ALL).extracting(Flag::name).containsExactlyInAnyOrder(
                "version", "config", "log-level", "log-prefix", "verbose", "node-id", "worker-id", "https-address",
                "http-address", "tcp-address", "auth-http-address", "auth-http-request-method",
                "http-auth-required", // jnsq's own (nsqio/nsq #1183)
                "sigterm", // jnsq's own (nsqio/nsq #1302)
                "broadcast-address",
                "broadcast-tcp-port", "broadcast-http-port", "lookupd-tcp-address", "http-client-connect-timeout",
                "http-client-request-timeout", "topology-region", "topology-zone", "enable-experiment", "data-path",
                "mem-queue-size", "max-bytes-per-file", "sync-every", "sync-timeout", "queue-scan-worker-pool-max",
                "queue-scan-selection-count", "msg-timeout", "max-msg-timeout", "max-msg-size", "max-req-timeout",
                "max-body-size", "max-heartbeat-interval", "max-rdy-count", "max-output-buffer-size",
                "max-output-buffer-timeout", "min-output-buffer-timeout", "output-buffer-timeout",
                "max-channel-consumers", "statsd-address", "statsd-interval", "statsd-mem-stats", "statsd-prefix",
                "statsd-udp-packet-size", "statsd-exclude-ephemeral", "e2e-processing-latency-percentile",
                "e2e-processing-latency-window-time", "tls-cert", "tls-key", "tls-client-auth-policy",
                "tls-root-ca-file", "tls-required", "tls-min-version", "deflate", "max-deflate-level", "snappy");
    }

    @Test
    void noArgumentsGiveNsqDefaults() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse();

        assertThat(o.logLevel).isEqualTo("info");
        assertThat(o.logPrefix).isEqualTo("[nsqd] ");
        assertThat(o.nodeId).isEqualTo(NodeId.defaultNodeId()).isBetween(0, 1023);
        assertThat(o.httpsAddress).isEqualTo("0.0.0.0:4152");
        assertThat(o.httpAddress).isEqualTo("0.0.0.0:4151");
        assertThat(o.tcpAddress).isEqualTo("0.0.0.0:4150");
        assertThat(o.authHttpAddresses).isEmpty();
        assertThat(o.authHttpRequestMethod).isEqualTo("get");
        assertThat(o.broadcastAddress).isEqualTo(Hostname.os());
        assertThat(o.broadcastTcpPort).isZero();
        assertThat(o.broadcastHttpPort).isZero();
        assertThat(o.nsqlookupdTcpAddresses).isEmpty();
        assertThat(o.httpClientConnectTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.httpClientRequestTimeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.topologyRegion).isEmpty();
        assertThat(o.topologyZone).isEmpty();
        assertThat(o.enableExperiments).isEmpty();
        assertThat(o.dataPath).isEmpty();
        assertThat(o.memQueueSize).isEqualTo(10000);
        assertThat(o.maxBytesPerFile).isEqualTo(104857600);
        assertThat(o.syncEvery).isEqualTo(2500);
        assertThat(o.syncTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.queueScanWorkerPoolMax).isEqualTo(4);
        assertThat(o.queueScanSelectionCount).isEqualTo(20);
        assertThat(o.msgTimeout).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.maxMsgTimeout).isEqualTo(Duration.ofMinutes(15));
        assertThat(o.maxMsgSize).isEqualTo(1048576);
        assertThat(o.maxReqTimeout).isEqualTo(Duration.ofHours(1));
        assertThat(o.maxBodySize).isEqualTo(5242880);
        assertThat(o.maxHeartbeatInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.maxRdyCount).isEqualTo(2500);
        assertThat(o.maxOutputBufferSize).isEqualTo(65536);
        assertThat(o.maxOutputBufferTimeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.minOutputBufferTimeout).isEqualTo(Duration.ofMillis(25));
        assertThat(o.outputBufferTimeout).isEqualTo(Duration.ofMillis(250));
        assertThat(o.maxChannelConsumers).isZero();
        assertThat(o.statsdAddress).isEmpty();
        assertThat(o.statsdInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.statsdMemStats).isTrue();
        assertThat(o.statsdPrefix).isEqualTo("nsq.%s");
        assertThat(o.statsdUdpPacketSize).isEqualTo(508);
        assertThat(o.statsdExcludeEphemeral).isFalse();
        assertThat(o.e2eProcessingLatencyPercentiles).isEmpty();
        assertThat(o.e2eProcessingLatencyWindowTime).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.tlsCert).isEmpty();
        assertThat(o.tlsKey).isEmpty();
        assertThat(o.tlsClientAuthPolicy).isEmpty();
        assertThat(o.tlsRootCaFile).isEmpty();
        assertThat(o.tlsRequired).isZero();
        assertThat(o.tlsMinVersion).isEqualTo("tls1.0");
        assertThat(o.deflate).isTrue();
        assertThat(o.maxDeflateLevel).isEqualTo(6);
        assertThat(o.snappy).isTrue();
    }

    /** Every flag that sets an option, a value for it, and where that value lands. */
    static Stream<Arguments> everyOption() {
        return Stream.of(
                row("log-level", "debug", o -> o.logLevel, "debug"),
                row("log-prefix", "[x] ", o -> o.logPrefix, "[x] "),
                row("node-id", "42", o -> o.nodeId, 42),
                row("https-address", "127.0.0.1:1", o -> o.httpsAddress, "127.0.0.1:1"),
                row("http-address", "127.0.0.1:2", o -> o.httpAddress, "127.0.0.1:2"),
                row("tcp-address", "127.0.0.1:3", o -> o.tcpAddress, "127.0.0.1:3"),
                row("auth-http-address", "auth:4181", o -> o.authHttpAddresses, List.of("auth:4181")),
                row("auth-http-request-method", "post", o -> o.authHttpRequestMethod, "post"),
                row("sigterm", "drain", o -> o.sigterm, "drain"),
                row("broadcast-address", "host.example", o -> o.broadcastAddress, "host.example"),
                row("broadcast-tcp-port", "5150", o -> o.broadcastTcpPort, 5150),
                row("broadcast-http-port", "5151", o -> o.broadcastHttpPort, 5151),
                row("lookupd-tcp-address", "lookupd:4160", o -> o.nsqlookupdTcpAddresses, List.of("lookupd:4160")),
                row("http-client-connect-timeout", "3s", o -> o.httpClientConnectTimeout, Duration.ofSeconds(3)),
                row("http-client-request-timeout", "7s", o -> o.httpClientRequestTimeout, Duration.ofSeconds(7)),
                row("topology-region", "us-east-1", o -> o.topologyRegion, "us-east-1"),
                row("topology-zone", "us-east-1a", o -> o.topologyZone, "us-east-1a"),
                row("enable-experiment", "topology-aware-consumption", o -> o.enableExperiments,
                        List.of("topology-aware-consumption")),
                row("data-path", "/tmp/nsqd", o -> o.dataPath, "/tmp/nsqd"),
                row("mem-queue-size", "0", o -> o.memQueueSize, 0L),
                row("max-bytes-per-file", "1024", o -> o.maxBytesPerFile, 1024L),
                row("sync-every", "1", o -> o.syncEvery, 1L),
                row("sync-timeout", "250ms", o -> o.syncTimeout, Duration.ofMillis(250)),
                row("queue-scan-worker-pool-max", "8", o -> o.queueScanWorkerPoolMax, 8),
                row("queue-scan-selection-count", "30", o -> o.queueScanSelectionCount, 30),
                row("msg-timeout", "1m0s", o -> o.msgTimeout, Duration.ofMinutes(1)),
                row("max-msg-timeout", "1h", o -> o.maxMsgTimeout, Duration.ofHours(1)),
                row("max-msg-size", "100", o -> o.maxMsgSize, 100L),
                row("max-req-timeout", "2h30m", o -> o.maxReqTimeout, Duration.ofMinutes(150)),
                row("max-body-size", "200", o -> o.maxBodySize, 200L),
                row("max-heartbeat-interval", "90s", o -> o.maxHeartbeatInterval, Duration.ofSeconds(90)),
                row("max-rdy-count", "10", o -> o.maxRdyCount, 10L),
                row("max-output-buffer-size", "4096", o -> o.maxOutputBufferSize, 4096L),
                row("max-output-buffer-timeout", "5s", o -> o.maxOutputBufferTimeout, Duration.ofSeconds(5)),
                row("min-output-buffer-timeout", "1ms", o -> o.minOutputBufferTimeout, Duration.ofMillis(1)),
                row("output-buffer-timeout", "100ms", o -> o.outputBufferTimeout, Duration.ofMillis(100)),
                row("max-channel-consumers", "3", o -> o.maxChannelConsumers, 3),
                row("statsd-address", "127.0.0.1:8125", o -> o.statsdAddress, "127.0.0.1:8125"),
                row("statsd-interval", "10s", o -> o.statsdInterval, Duration.ofSeconds(10)),
                row("statsd-mem-stats", "false", o -> o.statsdMemStats, false),
                row("statsd-prefix", "jnsq.%s", o -> o.statsdPrefix, "jnsq.%s"),
                row("statsd-udp-packet-size", "1400", o -> o.statsdUdpPacketSize, 1400),
                row("statsd-exclude-ephemeral", "true", o -> o.statsdExcludeEphemeral, true),
                row("e2e-processing-latency-percentile", "0.99", o -> o.e2eProcessingLatencyPercentiles,
                        List.of(0.99)),
                row("e2e-processing-latency-window-time", "1m", o -> o.e2eProcessingLatencyWindowTime,
                        Duration.ofMinutes(1)),
                row("tls-cert", "c.pem", o -> o.tlsCert, "c.pem"),
                row("tls-key", "k.pem", o -> o.tlsKey, "k.pem"),
                row("tls-client-auth-policy", "require", o -> o.tlsClientAuthPolicy, "require"),
                row("tls-root-ca-file", "ca.pem", o -> o.tlsRootCaFile, "ca.pem"),
                row("tls-required", "tcp-https", o -> o.tlsRequired, 1),
                row("tls-min-version", "tls1.2", o -> o.tlsMinVersion, "tls1.2"),
                row("deflate", "false", o -> o.deflate, false),
                row("max-deflate-level", "9", o -> o.maxDeflateLevel, 9),
                row("snappy", "false", o -> o.snappy, false));
    }

    private static Arguments row(String flag, String value, Function<NsqdOptions, Object> option, Object expected) {
        return Arguments.of(flag, value, option, expected);
    }

    @ParameterizedTest(name = "-{0}={1}")
    @MethodSource("everyOption")
    void everyFlagWorksWithOneOrTwoDashesAndAnEqualsSign(String flag, String value,
                                                         Function<NsqdOptions, Object> option, Object expected)
            throws Exception {
        assertThat(option.apply(parseWithTlsFiles("-" + flag + "=" + value))).isEqualTo(expected);
        assertThat(option.apply(parseWithTlsFiles("--" + flag + "=" + value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "--{0} {1}")
    @MethodSource("everyOption")
    void flagsWithValuesAlsoTakeTheNextArgument(String flag, String value, Function<NsqdOptions, Object> option,
                                                Object expected) throws Exception {
        if (NsqdFlags.ALL.stream().filter(f -> f.name().equals(flag)).findFirst().orElseThrow().type().takesValue()) {
            assertThat(option.apply(parseWithTlsFiles("-" + flag, value))).isEqualTo(expected);
            assertThat(option.apply(parseWithTlsFiles("--" + flag, value))).isEqualTo(expected);
        }
    }

    private static NsqdOptions parseWithTlsFiles(String... args) throws CommandLineExit {
        return NsqdCommandLine.parse(Stream.concat(Stream.of(TLS_FILES), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void theLastOfARepeatedFlagWins() throws Exception {
        assertThat(NsqdCommandLine.parse("--tcp-address=a:1", "-tcp-address", "b:2").tcpAddress).isEqualTo("b:2");
    }

    @Test
    void boolFlagsStandAloneOrTakeAValueAfterAnEqualsSign() throws Exception {
        assertThat(NsqdCommandLine.parse("--statsd-exclude-ephemeral").statsdExcludeEphemeral).isTrue();
        assertThat(NsqdCommandLine.parse("-deflate=false").deflate).isFalse();
        assertThat(NsqdCommandLine.parse("--deflate=0").deflate).isFalse();
        assertThat(NsqdCommandLine.parse("--deflate=F").deflate).isFalse();
        assertThat(NsqdCommandLine.parse("--deflate=FALSE", "--deflate").deflate).isTrue();
        assertThat(NsqdCommandLine.parse("--snappy=false", "--snappy=T").snappy).isTrue();
        assertThat(NsqdCommandLine.parse("--snappy=false", "--snappy=1").snappy).isTrue();
    }

    @Test
    void aBoolFlagDoesNotTakeTheNextArgumentSoParsingStopsThere() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse("--deflate", "no", "--snappy=false");

        assertThat(o.deflate).isTrue();
        assertThat(o.snappy).isTrue();
    }

    @Test
    void parsingStopsAtTheFirstArgumentThatIsNotAFlag() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse("--tcp-address=a:1", "extra", "--http-address=b:2", "--nonsense");

        assertThat(o.tcpAddress).isEqualTo("a:1");
        assertThat(o.httpAddress).isEqualTo("0.0.0.0:4151");
        assertThat(NsqdCommandLine.parse("--", "--tcp-address=a:1").tcpAddress).isEqualTo("0.0.0.0:4150");
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "1m0s, PT1M", "1h, PT1H", "1.5s, PT1.5S", "2h45m, PT2H45M", "0, PT0S"})
    void durationsUseGoSyntax(String text, Duration expected) throws Exception {
        assertThat(NsqdCommandLine.parse("--msg-timeout=" + text).msgTimeout).isEqualTo(expected);
    }

    @Test
    void integersUseGoSyntax() throws Exception {
        assertThat(NsqdCommandLine.parse("--mem-queue-size=0x10").memQueueSize).isEqualTo(16);
        assertThat(NsqdCommandLine.parse("--mem-queue-size=010").memQueueSize).isEqualTo(8);
        assertThat(NsqdCommandLine.parse("--mem-queue-size=-1").memQueueSize).isEqualTo(-1);
        assertThat(NsqdCommandLine.parse("--mem-queue-size=+5").memQueueSize).isEqualTo(5);
    }

    @Test
    void repeatableFlagsAccumulateAndSplitOnCommas() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse("--lookupd-tcp-address=a:4160", "-lookupd-tcp-address", "b:4160,c:4160",
                "--auth-http-address=auth1:4181", "--auth-http-address=http://auth2/auth",
                "--enable-experiment=topology-aware-consumption", "--enable-experiment", "other");

        assertThat(o.nsqlookupdTcpAddresses).containsExactly("a:4160", "b:4160", "c:4160");
        assertThat(o.authHttpAddresses).containsExactly("auth1:4181", "http://auth2/auth");
        assertThat(o.enableExperiments).containsExactly("topology-aware-consumption", "other");
    }

    @Test
    void e2ePercentilesAreStoredSortedDescending() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse("--e2e-processing-latency-percentile=0.5",
                "--e2e-processing-latency-percentile", "1.0,0.99", "--e2e-processing-latency-percentile=0.95");

        assertThat(o.e2eProcessingLatencyPercentiles).containsExactly(1.0, 0.99, 0.95, 0.5);
    }

    @Test
    void anE2ePercentileOutsideZeroToOneStopsNsqd() {
        assertFatal("invalid E2E processing latency percentile: 1.5",
                "--e2e-processing-latency-percentile=0.5,1.5");
    }

    @ParameterizedTest
    @CsvSource({"true, 2", "1, 2", "TRUE, 2", "false, 0", "0, 0", "tcp-https, 1", "TCP-HTTPS, 1"})
    void tlsRequiredTakesBoolsOrTcpHttps(String value, int expected) throws Exception {
        assertThat(parseWithTlsFiles("--tls-required=" + value).tlsRequired).isEqualTo(expected);
    }

    @Test
    void tlsRequiredAloneMeansTrue() throws Exception {
        assertThat(parseWithTlsFiles("--tls-required").tlsRequired).isEqualTo(2);
    }

    @Test
    void aTlsClientAuthPolicyRequiresTlsUnlessTcpHttpsWasAsked() throws Exception {
        assertThat(parseWithTlsFiles("--tls-client-auth-policy=require-verify").tlsRequired).isEqualTo(2);
        assertThat(parseWithTlsFiles("--tls-client-auth-policy=require", "--tls-required=tcp-https").tlsRequired)
                .isEqualTo(1);
        assertFatal("cannot require TLS client connections without TLS key and cert",
                "--tls-client-auth-policy=require");
    }

    @ParameterizedTest
    @CsvSource({"debug, debug", "INFO, info", "Warn, warn", "ERROR, error", "fatal, fatal"})
    void logLevelIsCaseInsensitive(String value, String expected) throws Exception {
        assertThat(NsqdCommandLine.parse("--log-level=" + value).logLevel).isEqualTo(expected);
    }

    @Test
    void tlsMinVersionIsCaseInsensitive() throws Exception {
        assertThat(NsqdCommandLine.parse("--tls-min-version=TLS1.3").tlsMinVersion).isEqualTo("tls1.3");
    }

    @Test
    void deprecatedFlagsAreAcceptedAndIgnored() throws Exception {
        NsqdOptions o = NsqdCommandLine.parse("--verbose", "-worker-id=true", "--verbose=false");

        assertThat(o).usingRecursiveComparison().isEqualTo(NsqdCommandLine.parse());
    }

    @Test
    void flagsOfFeaturesNotImplementedYetAreAccepted() throws Exception {
        NsqdOptions o = parseWithTlsFiles("--tls-required=true", "--tls-root-ca-file=ca.pem",
                "--statsd-address=127.0.0.1:8125", "--auth-http-address=127.0.0.1:4181",
                "--auth-http-request-method=post", "--lookupd-tcp-address=127.0.0.1:4160");

        assertThat(o.statsdAddress).isEqualTo("127.0.0.1:8125");
        assertThat(o.authHttpAddresses).containsExactly("127.0.0.1:4181");
        assertThat(o.nsqlookupdTcpAddresses).containsExactly("127.0.0.1:4160");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--mem-queue-size=abc              | invalid value \"abc\" for flag -mem-queue-size: parse error",
            "--mem-queue-size=1.5              | invalid value \"1.5\" for flag -mem-queue-size: parse error",
            "--node-id=99999999999             | invalid value \"99999999999\" for flag -node-id: value out of range",
            "--msg-timeout=60                  | invalid value \"60\" for flag -msg-timeout: parse error",
            "--msg-timeout=1d                  | invalid value \"1d\" for flag -msg-timeout: parse error",
            "--deflate=yes                     | invalid value \"yes\" for flag -deflate: parse error",
            "--worker-id=5                     | invalid value \"5\" for flag -worker-id: parse error",
            "--log-level=loud                  | invalid value \"loud\" for flag -log-level: invalid log-level 'loud'",
            "--tls-required=maybe              | invalid value \"maybe\" for flag -tls-required:"
                    + " strconv.ParseBool: parsing \"maybe\": invalid syntax",
            "--tls-min-version=ssl3.0          | invalid value \"ssl3.0\" for flag -tls-min-version:"
                    + " unknown tlsVersionOption \"ssl3.0\"",
            "--e2e-processing-latency-percentile=0.5,x"
                    + " | invalid value \"0.5,x\" for flag -e2e-processing-latency-percentile: parse error",
            "--node-id=1024                    | failed to instantiate nsqd - --node-id must be [0,1024)",
            "--node-id=-1                      | failed to instantiate nsqd - --node-id must be [0,1024)",
            "--max-deflate-level=10            | failed to instantiate nsqd - --max-deflate-level must be [1,9]",
            "--auth-http-request-method=GET    | failed to instantiate nsqd - --auth-http-request-method must be"
                    + " post or get",
            "--sigterm=later                   | failed to instantiate nsqd - --sigterm must be clean-shutdown or drain",
    })
    void badValuesStopNsqdWithNsqsMessageAndStatus1(String arg, String message) {
        assertThatThrownBy(() -> NsqdCommandLine.parse(arg))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> {
                    assertThat(exit.kind()).isEqualTo(CommandLineExit.Kind.FATAL);
                    assertThat(exit.exitCode()).isEqualTo(1);
                })
                .hasMessage(message);
    }

    @Test
    void aStatsdIntervalOfZeroStopsNsqdAtStartInsteadOfAtItsFirstPush() {
        assertThatThrownBy(() -> NsqdCommandLine.parse("--statsd-address=127.0.0.1:8125", "--statsd-interval=0s"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessage("failed to instantiate nsqd - --statsd-interval must be positive");
        assertThatCode(() -> NsqdCommandLine.parse("--statsd-interval=0s")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--foo         | flag provided but not defined: -foo",
            "-foo=bar      | flag provided but not defined: -foo",
            "---deflate    | bad flag syntax: ---deflate",
            "--tcp-address | flag needs an argument: -tcp-address",
    })
    void unknownOrIncompleteFlagsPrintTheUsageAndExit2(String arg, String message) {
        assertThatThrownBy(() -> NsqdCommandLine.parse("--deflate", arg))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> {
                    assertThat(exit.kind()).isEqualTo(CommandLineExit.Kind.USAGE);
                    assertThat(exit.exitCode()).isEqualTo(2);
                })
                .hasMessage(message + "\n" + NsqdCommandLine.usage());
    }

    @Test
    void versionPrintsNsqsVersionAndJnsqsBuildThenExits0() {
        assertThatThrownBy(() -> NsqdCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> {
                    assertThat(exit.kind()).isEqualTo(CommandLineExit.Kind.VERSION);
                    assertThat(exit.exitCode()).isZero();
                })
                .hasMessage("nsqd v1.3.0 (built w/jnsq " + Version.JNSQ + ")");
        assertThat(Version.JNSQ).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void versionFalseStartsNsqd() throws Exception {
        assertThat(NsqdCommandLine.parse("-version=false").tcpAddress).isEqualTo("0.0.0.0:4150");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--h", "-help", "--help", "--help=false"})
    void helpPrintsTheUsageAndExits2(String arg) {
        assertThatThrownBy(() -> NsqdCommandLine.parse(arg))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(2))
                .hasMessage(NsqdCommandLine.usage());
    }

    @Test
    void usageListsEveryFlagSortedWithItsTypeAndDefaultLikeGo() {
        String usage = NsqdCommandLine.usage();

        assertThat(usage).startsWith("Usage of nsqd:\n  -auth-http-address value\n    \t")
                .contains("\n  -tcp-address string\n    \t<addr>:<port> to listen on for TCP clients"
                        + " (default \"0.0.0.0:4150\")\n")
                .contains("\n  -msg-timeout duration\n")
                .contains("(default 1m0s)")
                .contains("\n  -deflate\n")
                .contains("\n  -log-level value\n    \tset log verbosity: debug, info, warn, error, or fatal"
                        + " (default INFO)\n")
                .doesNotContain("-help");
        for (Flag<NsqdOptions, ?> flag : NsqdFlags.ALL) {
            assertThat(usage).contains("\n  -" + flag.name() + (flag.type().usageName().isEmpty() ? "\n" : " "));
        }
    }

    private static void assertFatal(String reason, String... args) {
        assertThatThrownBy(() -> NsqdCommandLine.parse(args))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessage("failed to instantiate nsqd - " + reason);
    }
}
