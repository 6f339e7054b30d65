package io.jnsq.client;

import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.GoQuote;
import io.jnsq.protocol.HostPort;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

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

    private final EnumMap<Option, Object> values;

    private Config(EnumMap<Option, Object> values) {
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
        return (Duration) values.get(Option.DIAL_TIMEOUT);
    }

    /** {@code read_timeout}: the read deadline; must exceed the heartbeat interval or healthy links time out. */
    public Duration readTimeout() {
        return (Duration) values.get(Option.READ_TIMEOUT);
    }

    /** {@code write_timeout}: the write deadline. */
    public Duration writeTimeout() {
        return (Duration) values.get(Option.WRITE_TIMEOUT);
    }

    /** {@code local_addr}: the {@code host:port} to dial from, or null to let the OS choose. */
    public String localAddr() {
        return (String) values.get(Option.LOCAL_ADDR);
    }

    /** {@code lookupd_poll_interval}: between nsqlookupd polls, or between reconnects to a direct nsqd. */
    public Duration lookupdPollInterval() {
        return (Duration) values.get(Option.LOOKUPD_POLL_INTERVAL);
    }

    /** {@code lookupd_poll_jitter}: the fraction of the interval added at random, so restarted fleets spread out. */
    public double lookupdPollJitter() {
        return (Double) values.get(Option.LOOKUPD_POLL_JITTER);
    }

    /** {@code lookupd_poll_timeout}: how long one nsqlookupd query may take. */
    public Duration lookupdPollTimeout() {
        return (Duration) values.get(Option.LOOKUPD_POLL_TIMEOUT);
    }

    /** {@code max_requeue_delay}: the cap on a requeue's delay. */
    public Duration maxRequeueDelay() {
        return (Duration) values.get(Option.MAX_REQUEUE_DELAY);
    }

    /** {@code default_requeue_delay}: the unit of the delay that grows with a message's attempts. */
    public Duration defaultRequeueDelay() {
        return (Duration) values.get(Option.DEFAULT_REQUEUE_DELAY);
    }

    /** {@code backoff_strategy}: how the consumer's pause grows after failures. */
    public BackoffStrategy backoffStrategy() {
        return (BackoffStrategy) values.get(Option.BACKOFF_STRATEGY);
    }

    /** {@code max_backoff_duration}: the cap on a backoff pause; zero disables backoff. */
    public Duration maxBackoffDuration() {
        return (Duration) values.get(Option.MAX_BACKOFF_DURATION);
    }

    /** {@code backoff_multiplier}: the unit the backoff strategy doubles. */
    public Duration backoffMultiplier() {
        return (Duration) values.get(Option.BACKOFF_MULTIPLIER);
    }

    /** {@code max_attempts}: deliveries after which a message is given up; zero means no limit. */
    public int maxAttempts() {
        return ((Long) values.get(Option.MAX_ATTEMPTS)).intValue();
    }

    /** {@code low_rdy_idle_timeout}: how long an nsqd may stay silent before its RDY is given to another. */
    public Duration lowRdyIdleTimeout() {
        return (Duration) values.get(Option.LOW_RDY_IDLE_TIMEOUT);
    }

    /** {@code low_rdy_timeout}: how long an nsqd keeps RDY at most, busy or not, when RDY is scarce. */
    public Duration lowRdyTimeout() {
        return (Duration) values.get(Option.LOW_RDY_TIMEOUT);
    }

    /** {@code rdy_redistribute_interval}: how often scarce RDY is redistributed. */
    public Duration rdyRedistributeInterval() {
        return (Duration) values.get(Option.RDY_REDISTRIBUTE_INTERVAL);
    }

    /** {@code client_id}: the client's name in nsqd's stats. */
    public String clientId() {
        return (String) values.get(Option.CLIENT_ID);
    }

    /** {@code hostname}: the host nsqd's stats show for this client. */
    public String hostname() {
        return (String) values.get(Option.HOSTNAME);
    }

    /** {@code user_agent}: the library and version nsqd's stats show. */
    public String userAgent() {
        return (String) values.get(Option.USER_AGENT);
    }

    /** {@code heartbeat_interval}: asked of nsqd; must not exceed {@link #readTimeout()}. */
    public Duration heartbeatInterval() {
        return (Duration) values.get(Option.HEARTBEAT_INTERVAL);
    }

    /** {@code sample_rate}: the percentage of the channel's messages to receive; zero means all. */
    public int sampleRate() {
        return ((Long) values.get(Option.SAMPLE_RATE)).intValue();
    }

    /** {@code tls_v1}: whether to negotiate TLS; the other {@code tls_*} options only shape it. */
    public boolean tlsV1() {
        return (Boolean) values.get(Option.TLS_V1);
    }

    /** {@code tls_root_ca_file}: a PEM file of CAs to trust instead of the system's, or null. */
    public String tlsRootCaFile() {
        return (String) values.get(Option.TLS_ROOT_CA_FILE);
    }

    /** {@code tls_cert}: the client certificate's PEM file, or null; used only together with the key. */
    public String tlsCert() {
        return (String) values.get(Option.TLS_CERT);
    }

    /** {@code tls_key}: the client key's PEM file, or null; used only together with the certificate. */
    public String tlsKey() {
        return (String) values.get(Option.TLS_KEY);
    }

    /** {@code tls_insecure_skip_verify}: accept any server certificate (testing only). */
    public boolean tlsInsecureSkipVerify() {
        return (Boolean) values.get(Option.TLS_INSECURE_SKIP_VERIFY);
    }

    /** {@code tls_min_version}: one of {@code ssl3.0}, {@code tls1.0}, {@code tls1.1}, {@code tls1.2}. */
    public String tlsMinVersion() {
        return (String) values.get(Option.TLS_MIN_VERSION);
    }

    /** {@code deflate}: whether to ask nsqd for deflate compression. */
    public boolean deflate() {
        return (Boolean) values.get(Option.DEFLATE);
    }

    /** {@code deflate_level}: 1 (fast) to 9 (small). */
    public int deflateLevel() {
        return ((Long) values.get(Option.DEFLATE_LEVEL)).intValue();
    }

    /** {@code snappy}: whether to ask nsqd for snappy compression. */
    public boolean snappy() {
        return (Boolean) values.get(Option.SNAPPY);
    }

    /** {@code output_buffer_size}: nsqd's write buffer for this client in bytes; 0 nsqd's default, -1 none. */
    public long outputBufferSize() {
        return (Long) values.get(Option.OUTPUT_BUFFER_SIZE);
    }

    /** {@code output_buffer_timeout}: how long nsqd may hold writes; zero nsqd's default, {@code -1ms} none. */
    public Duration outputBufferTimeout() {
        return (Duration) values.get(Option.OUTPUT_BUFFER_TIMEOUT);
    }

    /** {@code max_in_flight}: messages the consumer takes at once, across all its nsqd. */
    public int maxInFlight() {
        return ((Long) values.get(Option.MAX_IN_FLIGHT)).intValue();
    }

    /** {@code msg_timeout}: asked of nsqd for this client's messages; zero keeps nsqd's. */
    public Duration msgTimeout() {
        return (Duration) values.get(Option.MSG_TIMEOUT);
    }

    /** {@code auth_secret}: sent in AUTH when nsqd requires it, or null. */
    public String authSecret() {
        return (String) values.get(Option.AUTH_SECRET);
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
                + (option == Option.AUTH_SECRET && value != null ? "<hidden>" : option.kind.show(value))));
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

        private static BackoffStrategy named(String name) {
            return switch (name) {
                case "", "exponential" -> EXPONENTIAL;
                case "full_jitter" -> FULL_JITTER;
                default -> throw new IllegalArgumentException("invalid value type");
            };
        }

        private String goName() {
            return this == EXPONENTIAL ? "exponential" : "full_jitter";
        }
    }

    /** Collects options, each setter under its go-nsq name; nothing is checked across options until build. */
    public static final class Builder {
        private final EnumMap<Option, Object> values;

        private Builder(EnumMap<Option, Object> values) {
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
            Option target = Option.BY_NAME.get(name);
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
            return put(Option.DIAL_TIMEOUT, value);
        }

        /** {@code read_timeout}: 100ms to 5m. */
        public Builder readTimeout(Duration value) {
            return put(Option.READ_TIMEOUT, value);
        }

        /** {@code write_timeout}: 100ms to 5m. */
        public Builder writeTimeout(Duration value) {
            return put(Option.WRITE_TIMEOUT, value);
        }

        /** {@code local_addr}: {@code host:port}; null or empty lets the OS choose. */
        public Builder localAddr(String value) {
            return put(Option.LOCAL_ADDR, emptyToNull(value));
        }

        /** {@code lookupd_poll_interval}: 10ms to 5m. */
        public Builder lookupdPollInterval(Duration value) {
            return put(Option.LOOKUPD_POLL_INTERVAL, value);
        }

        /** {@code lookupd_poll_jitter}: 0 to 1. */
        public Builder lookupdPollJitter(double value) {
            return put(Option.LOOKUPD_POLL_JITTER, value);
        }

        /** {@code lookupd_poll_timeout}. */
        public Builder lookupdPollTimeout(Duration value) {
            return put(Option.LOOKUPD_POLL_TIMEOUT, value);
        }

        /** {@code max_requeue_delay}: 0 to 60m. */
        public Builder maxRequeueDelay(Duration value) {
            return put(Option.MAX_REQUEUE_DELAY, value);
        }

        /** {@code default_requeue_delay}: 0 to 60m. */
        public Builder defaultRequeueDelay(Duration value) {
            return put(Option.DEFAULT_REQUEUE_DELAY, value);
        }

        /** {@code backoff_strategy}. */
        public Builder backoffStrategy(BackoffStrategy value) {
            return put(Option.BACKOFF_STRATEGY, value);
        }

        /** {@code max_backoff_duration}: 0 to 60m. */
        public Builder maxBackoffDuration(Duration value) {
            return put(Option.MAX_BACKOFF_DURATION, value);
        }

        /** {@code backoff_multiplier}: 0 to 60m. */
        public Builder backoffMultiplier(Duration value) {
            return put(Option.BACKOFF_MULTIPLIER, value);
        }

        /** {@code max_attempts}: 0 to 65535. */
        public Builder maxAttempts(int value) {
            return put(Option.MAX_ATTEMPTS, (long) value);
        }

        /** {@code low_rdy_idle_timeout}: 1s to 5m. */
        public Builder lowRdyIdleTimeout(Duration value) {
            return put(Option.LOW_RDY_IDLE_TIMEOUT, value);
        }

        /** {@code low_rdy_timeout}: 1s to 5m. */
        public Builder lowRdyTimeout(Duration value) {
            return put(Option.LOW_RDY_TIMEOUT, value);
        }

        /** {@code rdy_redistribute_interval}: 1ms to 5s. */
        public Builder rdyRedistributeInterval(Duration value) {
            return put(Option.RDY_REDISTRIBUTE_INTERVAL, value);
        }

        /** {@code client_id}. */
        public Builder clientId(String value) {
            return put(Option.CLIENT_ID, value);
        }

        /** {@code hostname}. */
        public Builder hostname(String value) {
            return put(Option.HOSTNAME, value);
        }

        /** {@code user_agent}. */
        public Builder userAgent(String value) {
            return put(Option.USER_AGENT, value);
        }

        /** {@code heartbeat_interval}: at most {@code read_timeout}. */
        public Builder heartbeatInterval(Duration value) {
            return put(Option.HEARTBEAT_INTERVAL, value);
        }

        /** {@code sample_rate}: 0 to 99. */
        public Builder sampleRate(int value) {
            return put(Option.SAMPLE_RATE, (long) value);
        }

        /** {@code tls_v1}. */
        public Builder tlsV1(boolean value) {
            return put(Option.TLS_V1, value);
        }

        /** {@code tls_root_ca_file}: null or empty for the system's CAs. */
        public Builder tlsRootCaFile(String value) {
            return put(Option.TLS_ROOT_CA_FILE, emptyToNull(value));
        }

        /** {@code tls_cert}: null or empty for none. */
        public Builder tlsCert(String value) {
            return put(Option.TLS_CERT, emptyToNull(value));
        }

        /** {@code tls_key}: null or empty for none. */
        public Builder tlsKey(String value) {
            return put(Option.TLS_KEY, emptyToNull(value));
        }

        /** {@code tls_insecure_skip_verify}. */
        public Builder tlsInsecureSkipVerify(boolean value) {
            return put(Option.TLS_INSECURE_SKIP_VERIFY, value);
        }

        /** {@code tls_min_version}: {@code ssl3.0}, {@code tls1.0}, {@code tls1.1} or {@code tls1.2}. */
        public Builder tlsMinVersion(String value) {
            return put(Option.TLS_MIN_VERSION, value);
        }

        /** {@code deflate}. */
        public Builder deflate(boolean value) {
            return put(Option.DEFLATE, value);
        }

        /** {@code deflate_level}: 1 to 9. */
        public Builder deflateLevel(int value) {
            return put(Option.DEFLATE_LEVEL, (long) value);
        }

        /** {@code snappy}. */
        public Builder snappy(boolean value) {
            return put(Option.SNAPPY, value);
        }

        /** {@code output_buffer_size}: bytes; 0 for nsqd's default, -1 for none. */
        public Builder outputBufferSize(long value) {
            return put(Option.OUTPUT_BUFFER_SIZE, value);
        }

        /** {@code output_buffer_timeout}: zero for nsqd's default, {@code -1ms} for none. */
        public Builder outputBufferTimeout(Duration value) {
            return put(Option.OUTPUT_BUFFER_TIMEOUT, value);
        }

        /** {@code max_in_flight}: 0 or more. */
        public Builder maxInFlight(int value) {
            return put(Option.MAX_IN_FLIGHT, (long) value);
        }

        /** {@code msg_timeout}: 0 or more; zero keeps nsqd's. */
        public Builder msgTimeout(Duration value) {
            return put(Option.MSG_TIMEOUT, value);
        }

        /** {@code auth_secret}: null or empty for none. */
        public Builder authSecret(String value) {
            return put(Option.AUTH_SECRET, emptyToNull(value));
        }

        /**
         * Checks every option as go-nsq's {@code Config.Validate} does, naming its fields, and the two values a
         * typed setter can get wrong that go-nsq checks when set ({@code local_addr}, {@code tls_min_version}).
         *
         * @throws IllegalArgumentException with go-nsq's text for the first option, in go-nsq's order, that fails
         */
        public Config build() {
            for (Option option : Option.values()) {
                option.checkRange(values.get(option), option.goName);
            }
            String localAddr = (String) values.get(Option.LOCAL_ADDR);
            if (localAddr != null) {
                Option.LOCAL_ADDR.parse(localAddr);
            }
            Option.TLS_MIN_VERSION.parse((String) values.get(Option.TLS_MIN_VERSION));
            Duration heartbeat = (Duration) values.get(Option.HEARTBEAT_INTERVAL);
            Duration read = (Duration) values.get(Option.READ_TIMEOUT);
            if (heartbeat.compareTo(read) > 0) {
                throw new IllegalArgumentException("HeartbeatInterval " + GoDuration.format(heartbeat)
                        + " must be less than ReadTimeout " + GoDuration.format(read));
            }
            return new Config(values);
        }

        private Builder put(Option option, Object value) {
            // only the optional texts may be absent; everything else has a value, as in go-nsq
            values.put(option, option.kind.optional() ? value : Objects.requireNonNull(value, option.name));
            return this;
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    /** go-nsq's option table: its {@code opt}, field name, {@code default}, {@code min} and {@code max} tags. */
    private enum Option {
        DIAL_TIMEOUT("dial_timeout", "DialTimeout", Kind.DURATION, "1s", null, null),
        READ_TIMEOUT("read_timeout", "ReadTimeout", Kind.DURATION, "60s", "100ms", "5m"),
        WRITE_TIMEOUT("write_timeout", "WriteTimeout", Kind.DURATION, "1s", "100ms", "5m"),
        LOCAL_ADDR("local_addr", "LocalAddr", Kind.ADDRESS, "", null, null),
        LOOKUPD_POLL_INTERVAL("lookupd_poll_interval", "LookupdPollInterval", Kind.DURATION, "60s", "10ms", "5m"),
        LOOKUPD_POLL_JITTER("lookupd_poll_jitter", "LookupdPollJitter", Kind.FLOAT, "0.3", "0", "1"),
        LOOKUPD_POLL_TIMEOUT("lookupd_poll_timeout", "LookupdPollTimeout", Kind.DURATION, "1m", null, null),
        MAX_REQUEUE_DELAY("max_requeue_delay", "MaxRequeueDelay", Kind.DURATION, "15m", "0", "60m"),
        DEFAULT_REQUEUE_DELAY("default_requeue_delay", "DefaultRequeueDelay", Kind.DURATION, "90s", "0", "60m"),
        BACKOFF_STRATEGY("backoff_strategy", "BackoffStrategy", Kind.STRATEGY, "exponential", null, null),
        MAX_BACKOFF_DURATION("max_backoff_duration", "MaxBackoffDuration", Kind.DURATION, "2m", "0", "60m"),
        BACKOFF_MULTIPLIER("backoff_multiplier", "BackoffMultiplier", Kind.DURATION, "1s", "0", "60m"),
        MAX_ATTEMPTS("max_attempts", "MaxAttempts", Kind.UINT, "5", "0", "65535"),
        LOW_RDY_IDLE_TIMEOUT("low_rdy_idle_timeout", "LowRdyIdleTimeout", Kind.DURATION, "10s", "1s", "5m"),
        LOW_RDY_TIMEOUT("low_rdy_timeout", "LowRdyTimeout", Kind.DURATION, "30s", "1s", "5m"),
        RDY_REDISTRIBUTE_INTERVAL("rdy_redistribute_interval", "RDYRedistributeInterval", Kind.DURATION, "5s", "1ms",
                "5s"),
        // the identifiers' defaults come from the machine, see Defaults
        CLIENT_ID("client_id", "ClientID", Kind.TEXT, "", null, null),
        HOSTNAME("hostname", "Hostname", Kind.TEXT, "", null, null),
        USER_AGENT("user_agent", "UserAgent", Kind.TEXT, "", null, null),
        HEARTBEAT_INTERVAL("heartbeat_interval", "HeartbeatInterval", Kind.DURATION, "30s", null, null),
        SAMPLE_RATE("sample_rate", "SampleRate", Kind.INT32, "0", "0", "99"),
        TLS_V1("tls_v1", "TlsV1", Kind.BOOL, "false", null, null),
        // go-nsq keeps these four in its tls.Config; the field names are tls.Config's
        TLS_ROOT_CA_FILE("tls_root_ca_file", "RootCAs", Kind.OPTIONAL_TEXT, "", null, null),
        TLS_INSECURE_SKIP_VERIFY("tls_insecure_skip_verify", "InsecureSkipVerify", Kind.BOOL, "false", null, null),
        TLS_CERT("tls_cert", "Certificates", Kind.OPTIONAL_TEXT, "", null, null),
        TLS_KEY("tls_key", "Certificates", Kind.OPTIONAL_TEXT, "", null, null),
        // go-nsq's tls.Config starts at TLS 1.0 once any tls_* option is set
        TLS_MIN_VERSION("tls_min_version", "MinVersion", Kind.TLS_VERSION, "tls1.0", null, null),
        DEFLATE("deflate", "Deflate", Kind.BOOL, "false", null, null),
        DEFLATE_LEVEL("deflate_level", "DeflateLevel", Kind.INT32, "6", "1", "9"),
        SNAPPY("snappy", "Snappy", Kind.BOOL, "false", null, null),
        OUTPUT_BUFFER_SIZE("output_buffer_size", "OutputBufferSize", Kind.INT64, "16384", null, null),
        OUTPUT_BUFFER_TIMEOUT("output_buffer_timeout", "OutputBufferTimeout", Kind.DURATION, "250ms", null, null),
        MAX_IN_FLIGHT("max_in_flight", "MaxInFlight", Kind.INT32, "1", "0", null),
        MSG_TIMEOUT("msg_timeout", "MsgTimeout", Kind.DURATION, "0", "0", null),
        AUTH_SECRET("auth_secret", "AuthSecret", Kind.OPTIONAL_TEXT, "", null, null);

        static final Map<String, Option> BY_NAME = new HashMap<>();

        static {
            for (Option option : values()) {
                BY_NAME.put(option.name, option);
            }
        }

        final String name;
        final String goName;
        final Kind kind;
        final Object defaultValue;
        final Object min;
        final Object max;

        Option(String name, String goName, Kind kind, String defaultText, String min, String max) {
            this.name = name;
            this.goName = goName;
            this.kind = kind;
            this.defaultValue = kind.parse(defaultText);
            this.min = min == null ? null : kind.parse(min);
            this.max = max == null ? null : kind.parse(max);
        }

        /** {@code text} as this option's value, or go-nsq's error for it. */
        Object parse(String text) {
            try {
                return kind.parse(text);
            } catch (IllegalArgumentException e) {
                if (kind == Kind.TLS_VERSION) {
                    throw e; // go-nsq's TLS handler words its own error
                }
                throw new IllegalArgumentException(
                        "failed to coerce option " + name + " (" + text + ") - " + e.getMessage(), e);
            }
        }

        /** Checks the {@code min} and {@code max} tags, naming the option as {@code label}. */
        void checkRange(Object value, String label) {
            if (min != null && kind.compare(value, min) < 0) {
                throw new IllegalArgumentException(
                        "invalid " + label + " ! " + kind.show(value) + " < " + kind.show(min));
            }
            if (max != null && kind.compare(value, max) > 0) {
                throw new IllegalArgumentException(
                        "invalid " + label + " ! " + kind.show(value) + " > " + kind.show(max));
            }
        }
    }

    /** How go-nsq reads an option's text, compares it with its bounds and prints it in its messages. */
    private enum Kind {
        DURATION, INT32, INT64, UINT, FLOAT, BOOL, TEXT, OPTIONAL_TEXT, ADDRESS, STRATEGY, TLS_VERSION;

        private static final Pattern DECIMAL_FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

        /** The value of {@code text}, or IllegalArgumentException with the Go parser's own reason. */
        Object parse(String text) {
            return switch (this) {
                case DURATION -> GoDuration.parse(text);
                case INT32 -> parseInt(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case INT64 -> parseInt(text, Long.MIN_VALUE, Long.MAX_VALUE);
                case UINT -> parseUint(text);
                case FLOAT -> parseFloat(text);
                case BOOL -> parseBool(text);
                case TEXT -> text;
                case OPTIONAL_TEXT -> text.isEmpty() ? null : text;
                // go-nsq resolves it when set; the syntax is checked here, the name is resolved when dialling
                case ADDRESS -> {
                    if (text.isEmpty()) {
                        yield null;
                    }
                    HostPort.parse(text);
                    yield text;
                }
                case STRATEGY -> BackoffStrategy.named(text);
                case TLS_VERSION -> switch (text) {
                    case "ssl3.0", "tls1.0", "tls1.1", "tls1.2" -> text;
                    default -> throw new IllegalArgumentException("ERROR: " + text + " is not a tls version");
                };
            };
        }

        /** Whether the option may be absent (null), as go-nsq's empty strings and nil address are. */
        boolean optional() {
            return this == OPTIONAL_TEXT || this == ADDRESS;
        }

        /** go-nsq's {@code valueCompare}: a NaN is neither below nor above a bound. */
        int compare(Object a, Object b) {
            if (a instanceof Duration x) {
                return x.compareTo((Duration) b);
            }
            if (a instanceof Long x) {
                return Long.compare(x, (Long) b);
            }
            double x = (Double) a;
            double y = (Double) b;
            return x > y ? 1 : x < y ? -1 : 0;
        }

        /** Go's {@code %v} of the value. */
        String show(Object value) {
            if (value instanceof Duration duration) {
                return GoDuration.format(duration);
            }
            if (value instanceof Double number) {
                return formatFloat(number);
            }
            if (value instanceof BackoffStrategy strategy) {
                return strategy.goName();
            }
            return String.valueOf(value);
        }

        /** {@code strconv.ParseInt(text, 10, bits)}, bounded to the Java type that holds the option. */
        private static Long parseInt(String text, long min, long max) {
            int digits = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
            if (!isAsciiDigits(text, digits)) {
                throw syntax("ParseInt", text);
            }
            try {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // only overflow is left
            }
            throw range("ParseInt", text);
        }

        /** {@code strconv.ParseUint(text, 10, 64)}: no sign at all. */
        private static Long parseUint(String text) {
            if (!isAsciiDigits(text, 0)) {
                throw syntax("ParseUint", text);
            }
            try {
                return Long.parseLong(text); // past 2^63 is far past every unsigned option's max
            } catch (NumberFormatException e) {
                throw range("ParseUint", text);
            }
        }

        /** {@code strconv.ParseFloat(text, 64)} for decimal text and Go's spellings of infinity and NaN. */
        private static Double parseFloat(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.equals("nan")) {
                return Double.NaN;
            }
            if (!DECIMAL_FLOAT.matcher(text).matches()) {
                throw syntax("ParseFloat", text);
            }
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw range("ParseFloat", text);
            }
            return value;
        }

        /** {@code strconv.ParseBool}. */
        private static Boolean parseBool(String text) {
            return switch (text) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw syntax("ParseBool", text);
            };
        }

        private static boolean isAsciiDigits(String text, int from) {
            if (from >= text.length()) {
                return false;
            }
            for (int i = from; i < text.length(); i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private static IllegalArgumentException syntax(String function, String text) {
            return new IllegalArgumentException("strconv." + function + ": parsing " + GoQuote.quote(text)
                    + ": invalid syntax");
        }

        private static IllegalArgumentException range(String function, String text) {
            return new IllegalArgumentException("strconv." + function + ": parsing " + GoQuote.quote(text)
                    + ": value out of range");
        }

        /** Go's {@code %v} of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 up. */
        private static String formatFloat(double value) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "+Inf" : "-Inf";
            }
            if (value == 0) {
                return 1 / value < 0 ? "-0" : "0";
            }
            BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
            int exponent = shortest.precision() - shortest.scale() - 1;
            if (exponent >= -4 && exponent < 6) {
                return shortest.toPlainString();
            }
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String magnitude = String.valueOf(Math.abs(exponent));
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (magnitude.length() < 2 ? "0" + magnitude : magnitude);
        }
    }

    /** go-nsq's {@code SetDefaults}, computed once: the hostname may cost a resolver call. */
    private static final class Defaults {
        static final EnumMap<Option, Object> VALUES = values();
        static final Config CONFIG = new Builder(VALUES).build();

        private static EnumMap<Option, Object> values() {
            EnumMap<Option, Object> values = new EnumMap<>(Option.class);
            for (Option option : Option.values()) {
                values.put(option, option.defaultValue);
            }
            String hostname = hostname();
            int dot = hostname.indexOf('.');
            values.put(Option.CLIENT_ID, dot < 0 ? hostname : hostname.substring(0, dot));
            values.put(Option.HOSTNAME, hostname);
            values.put(Option.USER_AGENT, "jnsq-client/" + VERSION);
            return values;
        }

        /** The OS hostname, as Go's {@code os.Hostname()} reads it, without a DNS lookup where Linux allows. */
        private static String hostname() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            } catch (IOException | RuntimeException e) {
                // not Linux: ask the resolver
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
