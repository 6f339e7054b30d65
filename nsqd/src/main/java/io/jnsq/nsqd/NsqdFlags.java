package io.jnsq.nsqd;

import static io.jnsq.common.flags.FlagType.BOOL;
import static io.jnsq.common.flags.FlagType.DURATION;
import static io.jnsq.common.flags.FlagType.FLOATS;
import static io.jnsq.common.flags.FlagType.INT64;
import static io.jnsq.common.flags.FlagType.INT;
import static io.jnsq.common.flags.FlagType.LOG_LEVEL;
import static io.jnsq.common.flags.FlagType.STRING;
import static io.jnsq.common.flags.FlagType.STRINGS;
import static io.jnsq.common.flags.FlagType.TLS_MIN_VERSION;
import static io.jnsq.common.flags.FlagType.TLS_REQUIRED;

import io.jnsq.common.flags.Flag;
import java.util.Comparator;
import java.util.List;

/** Every flag of nsqd v1.3.0, in NSQ's order, with its config key and the option it sets. */
public final class NsqdFlags {
    public static final Flag<NsqdOptions, Boolean> VERSION = Flag.unbound("version", BOOL, "print version string");
    public static final Flag<NsqdOptions, String> CONFIG = Flag.unbound("config", STRING, "path to config file");

    public static final List<Flag<NsqdOptions, ?>> ALL = List.of(
            // basic
            VERSION,
            CONFIG,
            Flag.of("log-level", LOG_LEVEL, o -> o.logLevel, (o, v) -> o.logLevel = v,
                    "set log verbosity: debug, info, warn, error, or fatal"),
            Flag.of("log-prefix", STRING, o -> o.logPrefix, (o, v) -> o.logPrefix = v, "log message prefix"),
            Flag.unbound("verbose", BOOL, "[deprecated] has no effect, use --log-level"),
            Flag.of("node-id", "id", INT, o -> o.nodeId, (o, v) -> o.nodeId = v,
                    "unique part for message IDs, (int) in range [0,1024) (default is hash of hostname)"),
            Flag.unbound("worker-id", BOOL, "[deprecated] use --node-id"),
            Flag.of("https-address", STRING, o -> o.httpsAddress, (o, v) -> o.httpsAddress = v,
                    "<addr>:<port> to listen on for HTTPS clients"),
            Flag.of("http-address", STRING, o -> o.httpAddress, (o, v) -> o.httpAddress = v,
                    "<addr>:<port> to listen on for HTTP clients"),
            Flag.of("tcp-address", STRING, o -> o.tcpAddress, (o, v) -> o.tcpAddress = v,
                    "<addr>:<port> to listen on for TCP clients"),
            Flag.of("auth-http-address", "auth_http_addresses", STRINGS, o -> o.authHttpAddresses,
                    (o, v) -> o.authHttpAddresses.addAll(v),
                    "<addr>:<port> or a full url to query auth server (may be given multiple times)"),
            Flag.of("auth-http-request-method", STRING, o -> o.authHttpRequestMethod,
                    (o, v) -> o.authHttpRequestMethod = v, "HTTP method to use for auth server requests (get or post)"),
            // beyond NSQ (nsqio/nsq #1183)
            Flag.of("http-auth-required", BOOL, o -> o.httpAuthRequired, (o, v) -> o.httpAuthRequired = v,
                    "require an 'Authorization: Bearer <secret>' the auth servers accept on HTTP publish and admin "
                            + "requests (jnsq extension)"),
            // beyond NSQ (nsqio/nsq #1302)
            Flag.of("sigterm", STRING, o -> o.sigterm, (o, v) -> o.sigterm = v,
                    "what SIGTERM does: clean-shutdown, or drain (refuse new messages, topics and channels, deliver "
                            + "the rest, then exit) (jnsq extension)"),
            Flag.of("broadcast-address", STRING, o -> o.broadcastAddress, (o, v) -> o.broadcastAddress = v,
                    "address that will be registered with lookupd (defaults to the OS hostname)"),
            Flag.of("broadcast-tcp-port", INT, o -> o.broadcastTcpPort, (o, v) -> o.broadcastTcpPort = v,
                    "TCP port that will be registered with lookupd (defaults to the TCP port that this nsqd is"
                            + " listening on)"),
            Flag.of("broadcast-http-port", INT, o -> o.broadcastHttpPort, (o, v) -> o.broadcastHttpPort = v,
                    "HTTP port that will be registered with lookupd (defaults to the HTTP port that this nsqd is"
                            + " listening on)"),
            Flag.of("lookupd-tcp-address", "nsqlookupd_tcp_addresses", STRINGS, o -> o.nsqlookupdTcpAddresses,
                    (o, v) -> o.nsqlookupdTcpAddresses.addAll(v), "lookupd TCP address (may be given multiple times)"),
            Flag.of("http-client-connect-timeout", DURATION, o -> o.httpClientConnectTimeout,
                    (o, v) -> o.httpClientConnectTimeout = v, "timeout for HTTP connect"),
            Flag.of("http-client-request-timeout", DURATION, o -> o.httpClientRequestTimeout,
                    (o, v) -> o.httpClientRequestTimeout = v, "timeout for HTTP request"),
            Flag.of("topology-region", STRING, o -> o.topologyRegion, (o, v) -> o.topologyRegion = v,
                    "A region represents a larger physical area that contains zones (e.g. us-east-1)"),
            Flag.of("topology-zone", STRING, o -> o.topologyZone, (o, v) -> o.topologyZone = v,
                    "A zone represents a smaller physical area within a region (e.g. us-east-1a)"),
            Flag.of("enable-experiment", STRINGS, o -> o.enableExperiments,
                    (o, v) -> o.enableExperiments.addAll(v),
                    "experimental feature to enable (may be given multiple times): topology-aware-consumption"),

            // disk queue
            Flag.of("data-path", STRING, o -> o.dataPath, (o, v) -> o.dataPath = v,
                    "path to store disk-backed messages"),
            Flag.of("mem-queue-size", INT64, o -> o.memQueueSize, (o, v) -> o.memQueueSize = v,
                    "number of messages to keep in memory (per topic/channel)"),
            Flag.of("max-bytes-per-file", INT64, o -> o.maxBytesPerFile, (o, v) -> o.maxBytesPerFile = v,
                    "number of bytes per diskqueue file before rolling"),
            Flag.of("sync-every", INT64, o -> o.syncEvery, (o, v) -> o.syncEvery = v,
                    "number of messages per diskqueue fsync"),
            Flag.of("sync-timeout", DURATION, o -> o.syncTimeout, (o, v) -> o.syncTimeout = v,
                    "duration of time per diskqueue fsync"),
            Flag.of("queue-scan-worker-pool-max", INT, o -> o.queueScanWorkerPoolMax,
                    (o, v) -> o.queueScanWorkerPoolMax = v,
                    "max concurrency for checking in-flight and deferred message timeouts"),
            Flag.of("queue-scan-selection-count", INT, o -> o.queueScanSelectionCount,
                    (o, v) -> o.queueScanSelectionCount = v,
                    "number of channels to check per cycle (every 100ms) for in-flight and deferred timeouts"),

            // messages and commands
            Flag.of("msg-timeout", DURATION, o -> o.msgTimeout, (o, v) -> o.msgTimeout = v,
                    "default duration to wait before auto-requeing a message"),
            Flag.of("max-msg-timeout", DURATION, o -> o.maxMsgTimeout, (o, v) -> o.maxMsgTimeout = v,
                    "maximum duration before a message will timeout"),
            Flag.of("max-msg-size", INT64, o -> o.maxMsgSize, (o, v) -> o.maxMsgSize = v,
                    "maximum size of a single message in bytes"),
            Flag.of("max-req-timeout", DURATION, o -> o.maxReqTimeout, (o, v) -> o.maxReqTimeout = v,
                    "maximum requeuing timeout for a message"),
            Flag.of("max-body-size", INT64, o -> o.maxBodySize, (o, v) -> o.maxBodySize = v,
                    "maximum size of a single command body"),

            // client-overridable limits
            Flag.of("max-heartbeat-interval", DURATION, o -> o.maxHeartbeatInterval,
                    (o, v) -> o.maxHeartbeatInterval = v,
                    "maximum client configurable duration of time between client heartbeats"),
            Flag.of("max-rdy-count", INT64, o -> o.maxRdyCount, (o, v) -> o.maxRdyCount = v,
                    "maximum RDY count for a client"),
            Flag.of("max-output-buffer-size", INT64, o -> o.maxOutputBufferSize,
                    (o, v) -> o.maxOutputBufferSize = v,
                    "maximum client configurable size (in bytes) for a client output buffer"),
            Flag.of("max-output-buffer-timeout", DURATION, o -> o.maxOutputBufferTimeout,
                    (o, v) -> o.maxOutputBufferTimeout = v,
                    "maximum client configurable duration of time between flushing to a client"),
            Flag.of("min-output-buffer-timeout", DURATION, o -> o.minOutputBufferTimeout,
                    (o, v) -> o.minOutputBufferTimeout = v,
                    "minimum client configurable duration of time between flushing to a client"),
            Flag.of("output-buffer-timeout", DURATION, o -> o.outputBufferTimeout,
                    (o, v) -> o.outputBufferTimeout = v, "default duration of time between flushing data to clients"),
            Flag.of("max-channel-consumers", INT, o -> o.maxChannelConsumers, (o, v) -> o.maxChannelConsumers = v,
                    "maximum channel consumer connection count per nsqd instance (default 0, i.e., unlimited)"),

            // statsd
            Flag.of("statsd-address", STRING, o -> o.statsdAddress, (o, v) -> o.statsdAddress = v,
                    "UDP <addr>:<port> of a statsd daemon for pushing stats"),
            Flag.of("statsd-interval", DURATION, o -> o.statsdInterval, (o, v) -> o.statsdInterval = v,
                    "duration between pushing to statsd"),
            Flag.of("statsd-mem-stats", BOOL, o -> o.statsdMemStats, (o, v) -> o.statsdMemStats = v,
                    "toggle sending memory and GC stats to statsd"),
            Flag.of("statsd-prefix", STRING, o -> o.statsdPrefix, (o, v) -> o.statsdPrefix = v,
                    "prefix used for keys sent to statsd (%s for host replacement)"),
            Flag.of("statsd-udp-packet-size", INT, o -> o.statsdUdpPacketSize, (o, v) -> o.statsdUdpPacketSize = v,
                    "the size in bytes of statsd UDP packets"),
            Flag.of("statsd-exclude-ephemeral", BOOL, o -> o.statsdExcludeEphemeral,
                    (o, v) -> o.statsdExcludeEphemeral = v, "Skip ephemeral topics and channels when sending stats"),

            // end-to-end latency
            Flag.of("e2e-processing-latency-percentile", "e2e_processing_latency_percentiles", FLOATS,
                    o -> o.e2eProcessingLatencyPercentiles, (o, v) -> {
                        o.e2eProcessingLatencyPercentiles.addAll(v);
                        o.e2eProcessingLatencyPercentiles.sort(Comparator.reverseOrder());
                    },
                    "message processing time percentiles (as float (0, 1.0]) to track (can be specified multiple"
                            + " times or comma separated '1.0,0.99,0.95', default none)"),
            Flag.of("e2e-processing-latency-window-time", DURATION, o -> o.e2eProcessingLatencyWindowTime,
                    (o, v) -> o.e2eProcessingLatencyWindowTime = v,
                    "calculate end to end latency quantiles for this duration of time (ie: 60s would only show"
                            + " quantile calculations from the past 60 seconds)"),

            // TLS
            Flag.of("tls-cert", STRING, o -> o.tlsCert, (o, v) -> o.tlsCert = v, "path to certificate file"),
            Flag.of("tls-key", STRING, o -> o.tlsKey, (o, v) -> o.tlsKey = v, "path to key file"),
            Flag.of("tls-client-auth-policy", STRING, o -> o.tlsClientAuthPolicy,
                    (o, v) -> o.tlsClientAuthPolicy = v,
                    "client certificate auth policy ('require' or 'require-verify')"),
            Flag.of("tls-root-ca-file", STRING, o -> o.tlsRootCaFile, (o, v) -> o.tlsRootCaFile = v,
                    "path to certificate authority file"),
            Flag.of("tls-required", TLS_REQUIRED, o -> o.tlsRequired, (o, v) -> o.tlsRequired = v,
                    "require TLS for client connections (true, false, tcp-https)"),
            Flag.of("tls-min-version", TLS_MIN_VERSION, o -> o.tlsMinVersion, (o, v) -> o.tlsMinVersion = v,
                    "minimum SSL/TLS version acceptable ('ssl3.0', 'tls1.0', 'tls1.1', 'tls1.2' or 'tls1.3')"),

            // compression
            Flag.of("deflate", BOOL, o -> o.deflate, (o, v) -> o.deflate = v,
                    "enable deflate feature negotiation (client compression)"),
            Flag.of("max-deflate-level", INT, o -> o.maxDeflateLevel, (o, v) -> o.maxDeflateLevel = v,
                    "max deflate compression level a client can negotiate (> values == > nsqd CPU usage)"),
            Flag.of("snappy", BOOL, o -> o.snappy, (o, v) -> o.snappy = v,
                    "enable snappy feature negotiation (client compression)"));

    private NsqdFlags() {
    }
}
