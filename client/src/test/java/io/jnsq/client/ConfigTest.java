package io.jnsq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.client.Config.BackoffStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values and texts are go-nsq v1.1.0's (config.go's tags and messages, config_test.go's backoff table). */
class ConfigTest {

    @Test
    void defaultsAreGoNsqs() {
        Config c = Config.defaults();
        assertThat(c.dialTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.localAddr()).isNull();
        assertThat(c.lookupdPollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.lookupdPollJitter()).isEqualTo(0.3);
        assertThat(c.lookupdPollTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.maxRequeueDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.defaultRequeueDelay()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.backoffStrategy()).isEqualTo(BackoffStrategy.EXPONENTIAL);
        assertThat(c.maxBackoffDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.backoffMultiplier()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.lowRdyIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.lowRdyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.rdyRedistributeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.sampleRate()).isZero();
        assertThat(c.tlsV1()).isFalse();
        assertThat(c.tlsRootCaFile()).isNull();
        assertThat(c.tlsCert()).isNull();
        assertThat(c.tlsKey()).isNull();
        assertThat(c.tlsInsecureSkipVerify()).isFalse();
        assertThat(c.tlsMinVersion()).isEqualTo("tls1.0");
        assertThat(c.deflate()).isFalse();
        assertThat(c.deflateLevel()).isEqualTo(6);
        assertThat(c.snappy()).isFalse();
        assertThat(c.outputBufferSize()).isEqualTo(16384);
        assertThat(c.outputBufferTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.maxInFlight()).isEqualTo(1);
        assertThat(c.msgTimeout()).isEqualTo(Duration.ZERO);
        assertThat(c.authSecret()).isNull();
    }

    @Test
    void identifiersDefaultFromTheMachine() {
        Config c = Config.defaults();
        assertThat(c.hostname()).isNotEmpty();
        assertThat(c.hostname()).startsWith(c.clientId());
        assertThat(c.clientId()).doesNotContain(".");
        assertThat(c.userAgent()).matches("jnsq-client/.+");
        assertThat(Config.builder().build()).isEqualTo(c);
    }

    @Test
    void setReadsDashesAsUnderscores() {
        Config c = Config.builder()
                .set("max-in-flight", "200")
                .set("read-timeout", "90s")
                .set("client_id", "worker-7")
                .set("auth-secret", "s3cret")
                .set("local-addr", "127.0.0.1:0")
                .build();
        assertThat(c.maxInFlight()).isEqualTo(200);
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.clientId()).isEqualTo("worker-7");
        assertThat(c.authSecret()).isEqualTo("s3cret");
        assertThat(c.localAddr()).isEqualTo("127.0.0.1:0");
        assertThat(Config.builder().set("max_in_flight", "7").build().maxInFlight()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"1m30s, 90000", "250ms, 250", "1.5h, 5400000", "0, 0", "-1ms, -1"})
    void setReadsGoDurations(String text, long millis) {
        assertThat(Config.builder().set("output_buffer_timeout", text).build().outputBufferTimeout())
                .isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void setReadsGoTrue(String text) {
        Config c = Config.builder().set("tls_v1", text).set("snappy", text).set("tls-insecure-skip-verify", text)
                .build();
        assertThat(c.tlsV1()).isTrue();
        assertThat(c.snappy()).isTrue();
        assertThat(c.tlsInsecureSkipVerify()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void setReadsGoFalse(String text) {
        assertThat(Config.builder().tlsV1(true).set("tls_v1", text).build().tlsV1()).isFalse();
    }

    @Test
    void setEmptiesOptionalTexts() {
        Config c = Config.builder().authSecret("x").localAddr("1.2.3.4:0").set("auth_secret", "")
                .set("local_addr", "").build();
        assertThat(c.authSecret()).isNull();
        assertThat(c.localAddr()).isNull();
    }

    @Test
    void setNamesBackoffStrategiesAsGoNsq() {
        assertThat(Config.builder().set("backoff_strategy", "full_jitter").build().backoffStrategy())
                .isEqualTo(BackoffStrategy.FULL_JITTER);
        assertThat(Config.builder().backoffStrategy(BackoffStrategy.FULL_JITTER).set("backoff-strategy", "")
                .build().backoffStrategy()).isEqualTo(BackoffStrategy.EXPONENTIAL);
    }

    @Test
    void unknownOptionIsGoNsqsError() {
        assertThatThrownBy(() -> Config.builder().set("not-a-real-option", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid option not_a_real_option");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            max_in_flight             | -1      | invalid max_in_flight ! -1 < 0
            max-attempts              | 70000   | invalid max_attempts ! 70000 > 65535
            deflate_level             | 0       | invalid deflate_level ! 0 < 1
            deflate_level             | 10      | invalid deflate_level ! 10 > 9
            sample_rate               | 100     | invalid sample_rate ! 100 > 99
            read_timeout              | 50ms    | invalid read_timeout ! 50ms < 100ms
            write_timeout             | 6m      | invalid write_timeout ! 6m0s > 5m0s
            lookupd_poll_interval     | 1ms     | invalid lookupd_poll_interval ! 1ms < 10ms
            lookupd_poll_jitter       | 1.5     | invalid lookupd_poll_jitter ! 1.5 > 1
            lookupd_poll_jitter       | -0.25   | invalid lookupd_poll_jitter ! -0.25 < 0
            lookupd_poll_jitter       | 1e6     | invalid lookupd_poll_jitter ! 1e+06 > 1
            lookupd_poll_jitter       | +Inf    | invalid lookupd_poll_jitter ! +Inf > 1
            max_requeue_delay         | 61m     | invalid max_requeue_delay ! 1h1m0s > 1h0m0s
            backoff_multiplier        | -1s     | invalid backoff_multiplier ! -1s < 0s
            low_rdy_idle_timeout      | 999ms   | invalid low_rdy_idle_timeout ! 999ms < 1s
            low_rdy_timeout           | 301s    | invalid low_rdy_timeout ! 5m1s > 5m0s
            rdy_redistribute_interval | 0       | invalid rdy_redistribute_interval ! 0s < 1ms
            msg_timeout               | -1ms    | invalid msg_timeout ! -1ms < 0s
            """)
    void setRefusesOutOfRangeWithTheOptionName(String option, String value, String message) {
        assertThatThrownBy(() -> Config.builder().set(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            max_in_flight        | abc         | failed to coerce option max_in_flight (abc) - strconv.ParseInt: parsing "abc": invalid syntax
            max_in_flight        | 3000000000  | failed to coerce option max_in_flight (3000000000) - strconv.ParseInt: parsing "3000000000": value out of range
            max_attempts         | -1          | failed to coerce option max_attempts (-1) - strconv.ParseUint: parsing "-1": invalid syntax
            lookupd_poll_jitter  | x           | failed to coerce option lookupd_poll_jitter (x) - strconv.ParseFloat: parsing "x": invalid syntax
            tls_v1               | yes         | failed to coerce option tls_v1 (yes) - strconv.ParseBool: parsing "yes": invalid syntax
            read_timeout         | 5           | failed to coerce option read_timeout (5) - time: missing unit in duration "5"
            backoff_strategy     | linear      | failed to coerce option backoff_strategy (linear) - invalid value type
            local_addr           | 1.2.3.4     | failed to coerce option local_addr (1.2.3.4) - address 1.2.3.4: missing port in address
            tls_min_version      | tls1.3      | ERROR: tls1.3 is not a tls version
            """)
    void setRefusesMalformedValuesWithGoNsqsText(String option, String value, String message) {
        assertThatThrownBy(() -> Config.builder().set(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void setLeavesTheBuilderUnchangedWhenItRefuses() {
        Config.Builder builder = Config.builder().maxInFlight(9);
        assertThatThrownBy(() -> builder.set("max_in_flight", "-5")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build().maxInFlight()).isEqualTo(9);
    }

    @Test
    void buildRefusesOutOfRangeWithGoNsqsFieldName() {
        assertThatThrownBy(() -> Config.builder().maxInFlight(-1).build())
                .hasMessage("invalid MaxInFlight ! -1 < 0");
        assertThatThrownBy(() -> Config.builder().deflateLevel(100).build())
                .hasMessage("invalid DeflateLevel ! 100 > 9");
        assertThatThrownBy(() -> Config.builder().readTimeout(Duration.ofMinutes(6)).build())
                .hasMessage("invalid ReadTimeout ! 6m0s > 5m0s");
        assertThatThrownBy(() -> Config.builder().rdyRedistributeInterval(Duration.ofSeconds(6)).build())
                .hasMessage("invalid RDYRedistributeInterval ! 6s > 5s");
        assertThatThrownBy(() -> Config.builder().lookupdPollJitter(2).build())
                .hasMessage("invalid LookupdPollJitter ! 2 > 1");
        assertThatThrownBy(() -> Config.builder().maxAttempts(65536).build())
                .hasMessage("invalid MaxAttempts ! 65536 > 65535");
    }

    @Test
    void buildReportsTheFirstFieldInGoNsqsOrder() {
        assertThatThrownBy(() -> Config.builder().maxInFlight(-1).readTimeout(Duration.ZERO).build())
                .hasMessage("invalid ReadTimeout ! 0s < 100ms");
    }

    @Test
    void buildRequiresHeartbeatWithinReadTimeout() {
        assertThatThrownBy(() -> Config.builder().heartbeatInterval(Duration.ofSeconds(90)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HeartbeatInterval 1m30s must be less than ReadTimeout 1m0s");
        Config equal = Config.builder().heartbeatInterval(Duration.ofSeconds(60)).build();
        assertThat(equal.heartbeatInterval()).isEqualTo(equal.readTimeout());
        assertThat(Config.builder().heartbeatInterval(Duration.ofMillis(-1)).build().heartbeatInterval())
                .isNegative();
    }

    @Test
    void buildChecksWhatTypedSettersCanGetWrong() {
        assertThatThrownBy(() -> Config.builder().tlsMinVersion("tls1.3").build())
                .hasMessage("ERROR: tls1.3 is not a tls version");
        assertThatThrownBy(() -> Config.builder().localAddr("nowhere").build())
                .hasMessage("failed to coerce option local_addr (nowhere) - address nowhere: missing port in address");
        assertThatThrownBy(() -> Config.builder().dialTimeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void goDisablesWithMinusOne() {
        Config c = Config.builder().set("output_buffer_size", "-1").set("output_buffer_timeout", "-1ms").build();
        assertThat(c.outputBufferSize()).isEqualTo(-1);
        assertThat(c.outputBufferTimeout()).isEqualTo(Duration.ofMillis(-1));
    }

    @Test
    void exponentialBackoffDoublesPerAttempt() {
        Duration max = Duration.ofMinutes(2);
        Duration second = Duration.ofSeconds(1);
        // go-nsq's TestExponentialBackoff: attempts 0, 1, 3, 5
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(0, second, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(1, second, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(3, second, max)).isEqualTo(Duration.ofSeconds(8));
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(5, second, max)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void exponentialBackoffStopsAtTheMax() {
        Duration max = Duration.ofMinutes(2);
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(7, Duration.ofSeconds(1), max)).isEqualTo(max);
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(200, Duration.ofHours(1), max)).isEqualTo(max);
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(3, Duration.ofSeconds(1), Duration.ZERO)).isZero();
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(-1, Duration.ofSeconds(1), max)).isZero();
        assertThat(BackoffStrategy.EXPONENTIAL.backoff(4, Duration.ZERO, max)).isZero();
    }

    @Test
    void fullJitterDrawsBelowTheExponentialValue() {
        Duration ceiling = Duration.ofSeconds(8);
        Duration lowest = ceiling;
        Duration highest = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            Duration pause = BackoffStrategy.FULL_JITTER.backoff(3, Duration.ofSeconds(1), Duration.ofMinutes(2));
            assertThat(pause).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(ceiling);
            lowest = pause.compareTo(lowest) < 0 ? pause : lowest;
            highest = pause.compareTo(highest) > 0 ? pause : highest;
        }
        // spread over the whole range, not stuck at either end
        assertThat(lowest).isLessThan(Duration.ofSeconds(1));
        assertThat(highest).isGreaterThan(Duration.ofSeconds(7));
    }

    @Test
    void fullJitterStopsAtTheMax() {
        Duration max = Duration.ofSeconds(5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(BackoffStrategy.FULL_JITTER.backoff(10, Duration.ofSeconds(1), max))
                    .isBetween(Duration.ZERO, max);
        }
        assertThat(BackoffStrategy.FULL_JITTER.backoff(3, Duration.ZERO, max)).isZero();
    }

    @Test
    void toBuilderRoundTrips() {
        Config original = Config.builder()
                .maxInFlight(2500)
                .backoffStrategy(BackoffStrategy.FULL_JITTER)
                .tlsV1(true)
                .tlsMinVersion("tls1.2")
                .tlsRootCaFile("/etc/ssl/ca.pem")
                .deflate(true)
                .deflateLevel(9)
                .authSecret("s3cret")
                .msgTimeout(Duration.ofSeconds(45))
                .build();
        Config copy = original.toBuilder().build();
        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);

        Config changed = original.toBuilder().maxInFlight(1).build();
        assertThat(changed.maxInFlight()).isEqualTo(1);
        assertThat(original.maxInFlight()).isEqualTo(2500);
        assertThat(changed.tlsRootCaFile()).isEqualTo("/etc/ssl/ca.pem");
    }

    @Test
    void toStringHidesTheAuthSecret() {
        String text = Config.builder().authSecret("s3cret").build().toString();
        assertThat(text).contains("max_in_flight=1", "read_timeout=1m0s", "auth_secret=<hidden>")
                .doesNotContain("s3cret");
    }
}
