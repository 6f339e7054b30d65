package io.jnsq.client;

import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.Hostname;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's settings, under go-nsq v1.1.0's option names, defaults and bounds, so that a go-nsq configuration
 * (flags, config files, {@code Config.Set} calls) carries over unchanged and fails with the same texts.
 *
 * <p>Two ways to check, as go-nsq has two: {@link Builder#set(String, String)} checks one value at once and names
 * the option ({@code invalid max_in_flight ! -1 < 0}, as {@code Config.Set}); {@link Builder#build()} checks them all
 * and names go-nsq's field ({@code invalid MaxInFlight ! -1 < 0}, as {@code Config.Validate}).
 *
 * <p>Durations that nsqd reads in IDENTIFY ({@code heartbeat_interval}, {@code output_buffer_timeout},
 * {@code msg_timeout}) go on the wire as whole milliseconds: zero asks for nsqd's default and {@code -1ms} (-1)
 * disables, as with go-nsq.
 */
public final class Config {
    private static final String VERSION =
            Objects.requireNonNullElse(Config.class.getPackage().getImplementationVersion(), "dev");

    private final EnumMap<ConfigOption, Object> values;

    private Config(EnumMap<ConfigOption, Object> values) {
        this.values = new EnumMap<>(values);
    }

    /** A builder holding go-nsq's defaults, as {@code nsq.NewConfig()}. */
    public static Builder builder() {
        return new Builder(Defaults.VALUES);
    }

    /** go-nsq's defaults, for callers that change nothing. */
    public static Config defaults() {
        return Defaults.CONFIG;
    }

    /** A builder starting from this configuration, to derive a variant without restating every option. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** {@code dial_timeout}: how long a TCP connect to nsqd may take. */
    public Duration dialTimeout() {
        return (Duration) values.get(ConfigOption.DIAL_TIMEOUT);
    }

    /** {@code read_timeout}: the read deadline; must exceed the heartbeat interval or healthy links time out. */
    public Duration readTimeout() {
        return (Duration) values.get(ConfigOption.READ_TIMEOUT);
    }

    /** {@code write_timeout}: the write deadline. */
    public Duration writeTimeout() {
        return (Duration) values.get(ConfigOption.WRITE_TIMEOUT);
    }

    /** {@code local_addr}: the {@code host:port} to dial from, or null to let the OS choose. */
    public String localAddr() {
        return (String) values.get(ConfigOption.LOCAL_ADDR);
    }

    /** {@code lookupd_poll_interval}: between nsqlookupd polls, or between reconnects to a direct nsqd. */
    public Duration lookupdPollInterval() {
        return (Duration) values.get(ConfigOption.LOOKUPD_POLL_INTERVAL);
    }

    /** {@code lookupd_poll_jitter}: the fraction of the interval added at random, so restarted fleets spread out. */
    public double lookupdPollJitter() {
        return (Double) values.get(ConfigOption.LOOKUPD_POLL_JITTER);
    }

    /** {@code lookupd_poll_timeout}: how long one nsqlookupd query may take. */
    public Duration lookupdPollTimeout() {
        return (Duration) values.get(ConfigOption.LOOKUPD_POLL_TIMEOUT);
    }

    /** {@code max_requeue_delay}: the cap on a requeue's delay. */
    public Duration maxRequeueDelay() {
        return (Duration) values.get(ConfigOption.MAX_REQUEUE_DELAY);
    }

    /** {@code default_requeue_delay}: the unit of the delay that grows with a message's attempts. */
    public Duration defaultRequeueDelay() {
        return (Duration) values.get(ConfigOption.DEFAULT_REQUEUE_DELAY);
    }

    /** {@code backoff_strategy}: how the consumer's pause grows after failures. */
    public BackoffStrategy backoffStrategy() {
        return (BackoffStrategy) values.get(ConfigOption.BACKOFF_STRATEGY);
    }

    /** {@code max_backoff_duration}: the cap on a backoff pause; zero disables backoff. */
    public Duration maxBackoffDuration() {
        return (Duration) values.get(ConfigOption.MAX_BACKOFF_DURATION);
    }

    /** {@code backoff_multiplier}: the unit the backoff strategy doubles. */
    public Duration backoffMultiplier() {
        return (Duration) values.get(ConfigOption.BACKOFF_MULTIPLIER);
    }

    /** {@code max_attempts}: deliveries after which a message is given up; zero means no limit. */
    public int maxAttempts() {
        return ((Long) values.get(ConfigOption.MAX_ATTEMPTS)).intValue();
    }

    /** {@code low_rdy_idle_timeout}: how long an nsqd may stay silent before its RDY is given to another. */
    public Duration lowRdyIdleTimeout() {
        return (Duration) values.get(ConfigOption.LOW_RDY_IDLE_TIMEOUT);
    }

    /** {@code low_rdy_timeout}: how long an nsqd keeps RDY at most, busy or not, when RDY is scarce. */
    public Duration lowRdyTimeout() {
        return (Duration) values.get(ConfigOption.LOW_RDY_TIMEOUT);
    }

    /** {@code rdy_redistribute_interval}: how often scarce RDY is redistributed. */
    public Duration rdyRedistributeInterval() {
        return (Duration) values.get(ConfigOption.RDY_REDISTRIBUTE_INTERVAL);
    }

    /** {@code client_id}: the client's name in nsqd's stats. */
    public String clientId() {
        return (String) values.get(ConfigOption.CLIENT_ID);
    }

    /** {@code hostname}: the host nsqd's stats show for this client. */
    public String hostname() {
        return (String) values.get(ConfigOption.HOSTNAME);
    }

    /** {@code user_agent}: the library and version nsqd's stats show. */
    public String userAgent() {
        return (String) values.get(ConfigOption.USER_AGENT);
    }

    /** {@code heartbeat_interval}: asked of nsqd; must not exceed {@link #readTimeout()}. */
    public Duration heartbeatInterval() {
        return (Duration) values.get(ConfigOption.HEARTBEAT_INTERVAL);
    }

    /** {@code sample_rate}: the percentage of the channel's messages to receive; zero means all. */
    public int sampleRate() {
        return ((Long) values.get(ConfigOption.SAMPLE_RATE)).intValue();
    }

    /** {@code tls_v1}: whether to negotiate TLS; the other {@code tls_*} options only shape it. */
    public boolean tlsV1() {
        return (Boolean) values.get(ConfigOption.TLS_V1);
    }

    /** {@code tls_root_ca_file}: a PEM file of CAs to trust instead of the system's, or null. */
    public String tlsRootCaFile() {
        return (String) values.get(ConfigOption.TLS_ROOT_CA_FILE);
    }

    /** {@code tls_cert}: the client certificate's PEM file, or null; used only together with the key. */
    public String tlsCert() {
        return (String) values.get(ConfigOption.TLS_CERT);
    }

    /** {@code tls_key}: the client key's PEM file, or null; used only together with the certificate. */
    public String tlsKey() {
        return (String) values.get(ConfigOption.TLS_KEY);
    }

    /** {@code tls_insecure_skip_verify}: accept any server certificate (testing only). */
    public boolean tlsInsecureSkipVerify() {
        return (Boolean) values.get(ConfigOption.TLS_INSECURE_SKIP_VERIFY);
    }

    /** {@code tls_min_version}: one of {@code ssl3.0}, {@code tls1.0}, {@code tls1.1}, {@code tls1.2}. */
    public String tlsMinVersion() {
        return (String) values.get(ConfigOption.TLS_MIN_VERSION);
    }

    /** {@code deflate}: whether to ask nsqd for deflate compression. */
    public boolean deflate() {
        return (Boolean) values.get(ConfigOption.DEFLATE);
    }

    /** {@code deflate_level}: 1 (fast) to 9 (small). */
    public int deflateLevel() {
        return ((Long) values.get(ConfigOption.DEFLATE_LEVEL)).intValue();
    }

    /** {@code snappy}: whether to ask nsqd for snappy compression. */
    public boolean snappy() {
        return (Boolean) values.get(ConfigOption.SNAPPY);
    }

    /** {@code output_buffer_size}: nsqd's write buffer for this client in bytes; 0 nsqd's default, -1 none. */
    public long outputBufferSize() {
        return (Long) values.get(ConfigOption.OUTPUT_BUFFER_SIZE);
    }

    /** {@code output_buffer_timeout}: how long nsqd may hold writes; zero nsqd's default, {@code -1ms} none. */
    public Duration outputBufferTimeout() {
        return (Duration) values.get(ConfigOption.OUTPUT_BUFFER_TIMEOUT);
    }

    /** {@code max_in_flight}: messages the consumer takes at once, across all its nsqd. */
    public int maxInFlight() {
        return ((Long) values.get(ConfigOption.MAX_IN_FLIGHT)).intValue();
    }

    /** {@code msg_timeout}: asked of nsqd for this client's messages; zero keeps nsqd's. */
    public Duration msgTimeout() {
        return (Duration) values.get(ConfigOption.MSG_TIMEOUT);
    }

    /** {@code auth_secret}: sent in AUTH when nsqd requires it, or null. */
    public String authSecret() {
        return (String) values.get(ConfigOption.AUTH_SECRET);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Config config && values.equals(config.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The options under go-nsq's names, the auth secret hidden so the text can be logged. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "Config{", "}");
        values.forEach((option, value) -> text.add(option.name + "="
                + (option == ConfigOption.AUTH_SECRET && value != null ? "<hidden>" : option.kind.show(value))));
        return text.toString();
    }

    /** go-nsq's two consumer backoff strategies. */
    public enum BackoffStrategy {
        /** go-nsq's default: the multiplier doubled per attempt. */
        EXPONENTIAL,
        /** The exponential value drawn at random from zero up, so consumers that failed together resume apart. */
        FULL_JITTER;

        /**
         * The pause for a consumer's backoff counter {@code attempt}: {@code multiplier * 2^attempt} (go-nsq's
         * {@code Calculate}; the consumer's first backoff is attempt 1, so 2 multipliers), for
         * {@link #FULL_JITTER} a uniform draw below that, then capped at {@code max} as go-nsq's consumer caps it.
         * A negative attempt gives zero, as Go's truncation of {@code 2^-n} does.
         */
        public Duration backoff(int attempt, Duration multiplier, Duration max) {
            long ceiling = exponential(attempt, multiplier.toNanos());
            // go-nsq's Int63n panics on zero; no pause is the only sensible answer there
            long pause = this == EXPONENTIAL || ceiling <= 0 ? ceiling : ThreadLocalRandom.current().nextLong(ceiling);
            return Duration.ofNanos(Math.min(pause, max.toNanos()));
        }

        private static long exponential(int attempt, long multiplier) {
            if (attempt < 0 || multiplier <= 0) {
                return 0;
            }
            if (attempt >= Long.SIZE - 1 || multiplier > Long.MAX_VALUE >> attempt) {
                return Long.MAX_VALUE; // Go overflows here; saturating keeps the cap meaningful
            }
            return multiplier << attempt;
        }

        static BackoffStrategy named(String name) {
            return switch (name) {
                case "", "exponential" -> EXPONENTIAL;
                case "full_jitter" -> FULL_JITTER;
                default -> throw new IllegalArgumentException("invalid value type");
            };
        }

        String goName() {
            return this == EXPONENTIAL ? "exponential" : "full_jitter";
        }
    }

    /** Collects options, each setter under its go-nsq name; nothing is checked across options until build. */
    public static final class Builder {
        private final EnumMap<ConfigOption, Object> values;

        private Builder(EnumMap<ConfigOption, Object> values) {
            this.values = new EnumMap<>(values);
        }

        /**
         * Sets an option from text, as go-nsq's {@code Config.Set} does for a config file or flag: {@code -} in the
         * name reads as {@code _}, durations in Go syntax ({@code 1m30s}), booleans as {@code strconv.ParseBool}.
         *
         * @throws IllegalArgumentException with go-nsq's text for an unknown option, a malformed value or one out
         *     of the option's range
         */
        public Builder set(String option, String value) {
            Objects.requireNonNull(value, "value");
            String name = option.replace('-', '_');
            ConfigOption target = ConfigOption.BY_NAME.get(name);
            if (target == null) {
                throw new IllegalArgumentException("invalid option " + name);
            }
            Object parsed = target.parse(value);
            target.checkRange(parsed, name);
            values.put(target, parsed);
            return this;
        }

        /** {@code dial_timeout}. */
        public Builder dialTimeout(Duration value) {
            return put(ConfigOption.DIAL_TIMEOUT, value);
        }

        /** {@code read_timeout}: 100ms to 5m. */
        public Builder readTimeout(Duration value) {
            return put(ConfigOption.READ_TIMEOUT, value);
        }

        /** {@code write_timeout}: 100ms to 5m. */
        public Builder writeTimeout(Duration value) {
            return put(ConfigOption.WRITE_TIMEOUT, value);
        }

        /** {@code local_addr}: {@code host:port}; null or empty lets the OS choose. */
        public Builder localAddr(String value) {
            return put(ConfigOption.LOCAL_ADDR, emptyToNull(value));
        }

        /** {@code lookupd_poll_interval}: 10ms to 5m. */
        public Builder lookupdPollInterval(Duration value) {
            return put(ConfigOption.LOOKUPD_POLL_INTERVAL, value);
        }

        /** {@code lookupd_poll_jitter}: 0 to 1. */
        public Builder lookupdPollJitter(double value) {
            return put(ConfigOption.LOOKUPD_POLL_JITTER, value);
        }

        /** {@code lookupd_poll_timeout}. */
        public Builder lookupdPollTimeout(Duration value) {
            return put(ConfigOption.LOOKUPD_POLL_TIMEOUT, value);
        }

        /** {@code max_requeue_delay}: 0 to 60m. */
        public Builder maxRequeueDelay(Duration value) {
            return put(ConfigOption.MAX_REQUEUE_DELAY, value);
        }

        /** {@code default_requeue_delay}: 0 to 60m. */
        public Builder defaultRequeueDelay(Duration value) {
            return put(ConfigOption.DEFAULT_REQUEUE_DELAY, value);
        }

        /** {@code backoff_strategy}. */
        public Builder backoffStrategy(BackoffStrategy value) {
            return put(ConfigOption.BACKOFF_STRATEGY, value);
        }

        /** {@code max_backoff_duration}: 0 to 60m. */
        public Builder maxBackoffDuration(Duration value) {
            return put(ConfigOption.MAX_BACKOFF_DURATION, value);
        }

        /** {@code backoff_multiplier}: 0 to 60m. */
        public Builder backoffMultiplier(Duration value) {
            return put(ConfigOption.BACKOFF_MULTIPLIER, value);
        }

        /** {@code max_attempts}: 0 to 65535. */
        public Builder maxAttempts(int value) {
            return put(ConfigOption.MAX_ATTEMPTS, (long) value);
        }

        /** {@code low_rdy_idle_timeout}: 1s to 5m. */
        public Builder lowRdyIdleTimeout(Duration value) {
            return put(ConfigOption.LOW_RDY_IDLE_TIMEOUT, value);
        }

        /** {@code low_rdy_timeout}: 1s to 5m. */
        public Builder lowRdyTimeout(Duration value) {
            return put(ConfigOption.LOW_RDY_TIMEOUT, value);
        }

        /** {@code rdy_redistribute_interval}: 1ms to 5s. */
        public Builder rdyRedistributeInterval(Duration value) {
            return put(ConfigOption.RDY_REDISTRIBUTE_INTERVAL, value);
        }

        /** {@code client_id}. */
        public Builder clientId(String value) {
            return put(ConfigOption.CLIENT_ID, value);
        }

        /** {@code hostname}. */
        public Builder hostname(String value) {
            return put(ConfigOption.HOSTNAME, value);
        }

        /** {@code user_agent}. */
        public Builder userAgent(String value) {
            return put(ConfigOption.USER_AGENT, value);
        }

        /** {@code heartbeat_interval}: at most {@code read_timeout}. */
        public Builder heartbeatInterval(Duration value) {
            return put(ConfigOption.HEARTBEAT_INTERVAL, value);
        }

        /** {@code sample_rate}: 0 to 99. */
        public Builder sampleRate(int value) {
            return put(ConfigOption.SAMPLE_RATE, (long) value);
        }

        /** {@code tls_v1}. */
        public Builder tlsV1(boolean value) {
            return put(ConfigOption.TLS_V1, value);
        }

        /** {@code tls_root_ca_file}: null or empty for the system's CAs. */
        public Builder tlsRootCaFile(String value) {
            return put(ConfigOption.TLS_ROOT_CA_FILE, emptyToNull(value));
        }

        /** {@code tls_cert}: null or empty for none. */
        public Builder tlsCert(String value) {
            return put(ConfigOption.TLS_CERT, emptyToNull(value));
        }

        /** {@code tls_key}: null or empty for none. */
        public Builder tlsKey(String value) {
            return put(ConfigOption.TLS_KEY, emptyToNull(value));
        }

        /** {@code tls_insecure_skip_verify}. */
        public Builder tlsInsecureSkipVerify(boolean value) {
            return put(ConfigOption.TLS_INSECURE_SKIP_VERIFY, value);
        }

        /** {@code tls_min_version}: {@code ssl3.0}, {@code tls1.0}, {@code tls1.1} or {@code tls1.2}. */
        public Builder tlsMinVersion(String value) {
            return put(ConfigOption.TLS_MIN_VERSION, value);
        }

        /** {@code deflate}. */
        public Builder deflate(boolean value) {
            return put(ConfigOption.DEFLATE, value);
        }

        /** {@code deflate_level}: 1 to 9. */
        public Builder deflateLevel(int value) {
            return put(ConfigOption.DEFLATE_LEVEL, (long) value);
        }

        /** {@code snappy}. */
        public Builder snappy(boolean value) {
            return put(ConfigOption.SNAPPY, value);
        }

        /** {@code output_buffer_size}: bytes; 0 for nsqd's default, -1 for none. */
        public Builder outputBufferSize(long value) {
            return put(ConfigOption.OUTPUT_BUFFER_SIZE, value);
        }

        /** {@code output_buffer_timeout}: zero for nsqd's default, {@code -1ms} for none. */
        public Builder outputBufferTimeout(Duration value) {
            return put(ConfigOption.OUTPUT_BUFFER_TIMEOUT, value);
        }

        /** {@code max_in_flight}: 0 or more. */
        public Builder maxInFlight(int value) {
            return put(ConfigOption.MAX_IN_FLIGHT, (long) value);
        }

        /** {@code msg_timeout}: 0 or more; zero keeps nsqd's. */
        public Builder msgTimeout(Duration value) {
            return put(ConfigOption.MSG_TIMEOUT, value);
        }

        /** {@code auth_secret}: null or empty for none. */
        public Builder authSecret(String value) {
            return put(ConfigOption.AUTH_SECRET, emptyToNull(value));
        }

        /**
         * Checks every option as go-nsq's {@code Config.Validate} does, naming its fields, and the two values a
         * typed setter can get wrong that go-nsq checks when set ({@code local_addr}, {@code tls_min_version}).
         *
         * @throws IllegalArgumentException with go-nsq's text for the first option, in go-nsq's order, that fails
         */
        public Config build() {
            for (ConfigOption option : ConfigOption.values()) {
                option.checkRange(values.get(option), option.goName);
            }
            String localAddr = (String) values.get(ConfigOption.LOCAL_ADDR);
            if (localAddr != null) {
                ConfigOption.LOCAL_ADDR.parse(localAddr);
            }
            ConfigOption.TLS_MIN_VERSION.parse((String) values.get(ConfigOption.TLS_MIN_VERSION));
            Duration heartbeat = (Duration) values.get(ConfigOption.HEARTBEAT_INTERVAL);
            Duration read = (Duration) values.get(ConfigOption.READ_TIMEOUT);
            if (heartbeat.compareTo(read) > 0) {
                throw new IllegalArgumentException("HeartbeatInterval " + GoDuration.format(heartbeat)
                        + " must be less than ReadTimeout " + GoDuration.format(read));
            }
            return new Config(values);
        }

        private Builder put(ConfigOption option, Object value) {
            // only the optional texts may be absent; everything else has a value, as in go-nsq
            values.put(option, option.kind.optional() ? value : Objects.requireNonNull(value, option.name));
            return this;
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    /** go-nsq's {@code SetDefaults}, computed once: the hostname may cost a resolver call. */
    private static final class Defaults {
        static final EnumMap<ConfigOption, Object> VALUES = values();
        static final Config CONFIG = new Builder(VALUES).build();

        private static EnumMap<ConfigOption, Object> values() {
            EnumMap<ConfigOption, Object> values = new EnumMap<>(ConfigOption.class);
            for (ConfigOption option : ConfigOption.values()) {
                values.put(option, option.defaultValue);
            }
            String hostname = Hostname.os();
            int dot = hostname.indexOf('.');
            values.put(ConfigOption.CLIENT_ID, dot < 0 ? hostname : hostname.substring(0, dot));
            values.put(ConfigOption.HOSTNAME, hostname);
            values.put(ConfigOption.USER_AGENT, "jnsq-client/" + VERSION);
            return values;
        }
    }
}
