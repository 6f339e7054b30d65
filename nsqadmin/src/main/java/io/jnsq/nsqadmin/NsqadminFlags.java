package io.jnsq.nsqadmin;

import static io.jnsq.common.flags.FlagType.BOOL;
import static io.jnsq.common.flags.FlagType.DURATION;
import static io.jnsq.common.flags.FlagType.LOG_LEVEL;
import static io.jnsq.common.flags.FlagType.STRING;
import static io.jnsq.common.flags.FlagType.STRINGS;

import io.jnsq.common.flags.Flag;
import java.util.List;

/**
 * Every flag of nsqadmin v1.3.0, in NSQ's order, with its config key and the option it sets. Three config keys are
 * not the flag's name: {@code nsqlookupd_http_addresses}, {@code nsqd_http_addresses} and {@code admin_users}.
 */
public final class NsqadminFlags {
    public static final Flag<NsqadminOptions, Boolean> VERSION = Flag.unbound("version", BOOL, "print version string");
    public static final Flag<NsqadminOptions, String> CONFIG = Flag.unbound("config", STRING, "path to config file");

    public static final List<Flag<NsqadminOptions, ?>> ALL = List.of(
            CONFIG,
            VERSION,
            Flag.of("log-level", LOG_LEVEL, o -> o.logLevel, (o, v) -> o.logLevel = v,
                    "set log verbosity: debug, info, warn, error, or fatal"),
            Flag.of("log-prefix", STRING, o -> o.logPrefix, (o, v) -> o.logPrefix = v, "log message prefix"),
            Flag.unbound("verbose", BOOL, "[deprecated] has no effect, use --log-level"),
            Flag.of("http-address", STRING, o -> o.httpAddress, (o, v) -> o.httpAddress = v,
                    "<addr>:<port> to listen on for HTTP clients"),
            Flag.of("base-path", STRING, o -> o.basePath, (o, v) -> o.basePath = v, "URL base path"),
            Flag.of("dev-static-dir", STRING, o -> o.devStaticDir, (o, v) -> o.devStaticDir = v,
                    "(development use only)"),
            Flag.of("graphite-url", STRING, o -> o.graphiteUrl, (o, v) -> o.graphiteUrl = v,
                    "graphite HTTP address"),
            Flag.of("proxy-graphite", BOOL, o -> o.proxyGraphite, (o, v) -> o.proxyGraphite = v,
                    "proxy HTTP requests to graphite"),
            Flag.of("statsd-counter-format", STRING, o -> o.statsdCounterFormat,
                    (o, v) -> o.statsdCounterFormat = v,
                    "The counter stats key formatting applied by the implementation of statsd. If no formatting"
                            + " is desired, set this to an empty string."),
            Flag.of("statsd-gauge-format", STRING, o -> o.statsdGaugeFormat, (o, v) -> o.statsdGaugeFormat = v,
                    "The gauge stats key formatting applied by the implementation of statsd. If no formatting is"
                            + " desired, set this to an empty string."),
            Flag.of("statsd-prefix", STRING, o -> o.statsdPrefix, (o, v) -> o.statsdPrefix = v,
                    "prefix used for keys sent to statsd (%s for host replacement, must match nsqd)"),
            Flag.of("statsd-interval", DURATION, o -> o.statsdInterval, (o, v) -> o.statsdInterval = v,
                    "time interval nsqd is configured to push to statsd (must match nsqd)"),
            Flag.of("notification-http-endpoint", STRING, o -> o.notificationHttpEndpoint,
                    (o, v) -> o.notificationHttpEndpoint = v,
                    "HTTP endpoint (fully qualified) to which POST notifications of admin actions will be sent"),
            Flag.of("http-client-connect-timeout", DURATION, o -> o.httpClientConnectTimeout,
                    (o, v) -> o.httpClientConnectTimeout = v, "timeout for HTTP connect"),
            Flag.of("http-client-request-timeout", DURATION, o -> o.httpClientRequestTimeout,
                    (o, v) -> o.httpClientRequestTimeout = v, "timeout for HTTP request"),
            Flag.of("http-client-tls-insecure-skip-verify", BOOL, o -> o.httpClientTlsInsecureSkipVerify,
                    (o, v) -> o.httpClientTlsInsecureSkipVerify = v,
                    "configure the HTTP client to skip verification of TLS certificates"),
            Flag.of("http-client-tls-root-ca-file", STRING, o -> o.httpClientTlsRootCaFile,
                    (o, v) -> o.httpClientTlsRootCaFile = v,
                    "path to CA file for the HTTP client"),
            Flag.of("http-client-tls-cert", STRING, o -> o.httpClientTlsCert, (o, v) -> o.httpClientTlsCert = v,
                    "path to certificate file for the HTTP client"),
            Flag.of("http-client-tls-key", STRING, o -> o.httpClientTlsKey, (o, v) -> o.httpClientTlsKey = v,
                    "path to key file for the HTTP client"),
            Flag.of("allow-config-from-cidr", STRING, o -> o.allowConfigFromCidr,
                    (o, v) -> o.allowConfigFromCidr = v,
                    "A CIDR from which to allow HTTP requests to the /config endpoint"),
            Flag.of("acl-http-header", STRING, o -> o.aclHttpHeader, (o, v) -> o.aclHttpHeader = v,
                    "HTTP header to check for authenticated admin users"),
            Flag.of("admin-user", "admin_users", STRINGS, o -> o.adminUsers, (o, v) -> o.adminUsers.addAll(v),
                    "admin user (may be given multiple times; if specified, only these users will be able to"
                            + " perform privileged actions; acl-http-header is used to determine the"
                            + " authenticated user)"),
            Flag.of("lookupd-http-address", "nsqlookupd_http_addresses", STRINGS, o -> o.nsqlookupdHttpAddresses,
                    (o, v) -> o.nsqlookupdHttpAddresses.addAll(v),
                    "lookupd HTTP address (may be given multiple times)"),
            Flag.of("nsqd-http-address", "nsqd_http_addresses", STRINGS, o -> o.nsqdHttpAddresses,
                    (o, v) -> o.nsqdHttpAddresses.addAll(v), "nsqd HTTP address (may be given multiple times)"));

    private NsqadminFlags() {
    }
}
