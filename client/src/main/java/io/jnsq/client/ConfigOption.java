package io.jnsq.client;

import io.jnsq.protocol.GoDuration;
import io.jnsq.protocol.GoFloat;
import io.jnsq.protocol.GoStrconv;
import io.jnsq.protocol.HostPort;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * go-nsq's option table: each option's {@code opt} name, field name, {@code default}, {@code min} and {@code max}
 * tags, and how its text is read, compared and printed in go-nsq's messages. One table drives {@link Config}'s
 * defaults, {@link Config.Builder#set} and {@link Config.Builder#build}, so no range is written twice.
 */
enum ConfigOption {
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

    static final Map<String, ConfigOption> BY_NAME = new HashMap<>();

    static {
        for (ConfigOption option : values()) {
            BY_NAME.put(option.name, option);
        }
    }

    final String name;
    final String goName;
    final Kind kind;
    final Object defaultValue;
    final Object min;
    final Object max;

    ConfigOption(String name, String goName, Kind kind, String defaultText, String min, String max) {
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

    /** How go-nsq reads an option's text, compares it with its bounds and prints it in its messages. */
    enum Kind {
        DURATION, INT32, INT64, UINT, FLOAT, BOOL, TEXT, OPTIONAL_TEXT, ADDRESS, STRATEGY, TLS_VERSION;

        /** The value of {@code text}, or IllegalArgumentException with the Go parser's own reason. */
        Object parse(String text) {
            return switch (this) {
                case DURATION -> GoDuration.parse(text);
                case INT32 -> GoStrconv.parseInt(text, 32);
                case INT64 -> GoStrconv.parseInt(text, 64);
                case UINT -> GoStrconv.parseUint(text);
                case FLOAT -> GoStrconv.parseFloat(text);
                case BOOL -> GoStrconv.parseBool(text);
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
                case STRATEGY -> Config.BackoffStrategy.named(text);
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
                return GoFloat.value(number);
            }
            if (value instanceof Config.BackoffStrategy strategy) {
                return strategy.goName();
            }
            return String.valueOf(value);
        }
    }
}
