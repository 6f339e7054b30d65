package io.jnsq.nsqd;

import io.jnsq.protocol.Hostname;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every nsqd option, named after NSQ's flags and holding NSQ's defaults. Set the fields, then pass the
 * options to {@link Nsqd}, which takes a copy ({@link #copy}): later changes to this object do not reach it, so the
 * same options can make another nsqd. The two values NSQ changes at runtime ({@code PUT /config/:opt}) live in the
 * nsqd itself, from these as their start: {@link Nsqd#setLogLevel} and {@link Nsqd#setNsqlookupdTcpAddresses}.
 * A port of 0 in an address binds any free port (tests use {@code 127.0.0.1:0}).
 */
public final class NsqdOptions {
    /** {@code --tls-required=false}. */
    public static final int TLS_NOT_REQUIRED = 0;
    /** {@code --tls-required=tcp-https}: TLS on TCP, plain HTTP still served. */
    public static final int TLS_REQUIRED_EXCEPT_HTTP = 1;
    /** {@code --tls-required=true}, or implied by a client auth policy. */
    public static final int TLS_REQUIRED = 2;
    /** {@code --sigterm=clean-shutdown}: SIGTERM stops nsqd at once, saving what it holds, as NSQ. */
    public static final String SIGTERM_CLEAN_SHUTDOWN = "clean-shutdown";
    /** {@code --sigterm=drain}: SIGTERM starts {@link Broker#drain()}; nsqd exits once drained. */
    public static final String SIGTERM_DRAIN = "drain";

    // basic
    /** debug, info, warn, error or fatal. */
    public String logLevel = "info";
    public String logPrefix = "[nsqd] ";
    public int nodeId = NodeId.defaultNodeId();
    public String httpsAddress = "0.0.0.0:4152";
    public String httpAddress = "0.0.0.0:4151";
    public String tcpAddress = "0.0.0.0:4150";
    public List<String> authHttpAddresses = new ArrayList<>();
    public String authHttpRequestMethod = "get";
    /** Beyond NSQ: the auth servers guard HTTP publish and admin routes too. */
    public boolean httpAuthRequired = false;
    /**
     * Beyond NSQ (its RFC nsqio/nsq #1302): what SIGTERM asks of the nsqd binary, {@link #SIGTERM_CLEAN_SHUTDOWN}
     * or {@link #SIGTERM_DRAIN}. SIGINT always stops at once. The binary reads it; an embedded nsqd has no signals.
     */
    public String sigterm = SIGTERM_CLEAN_SHUTDOWN;
    public String broadcastAddress = Hostname.os();
    public int broadcastTcpPort = 0;
    public int broadcastHttpPort = 0;
    public List<String> nsqlookupdTcpAddresses = new ArrayList<>();
    public Duration httpClientConnectTimeout = Duration.ofSeconds(2);
    public Duration httpClientRequestTimeout = Duration.ofSeconds(5);
    public String topologyRegion = "";
    public String topologyZone = "";
    public List<String> enableExperiments = new ArrayList<>();

    // disk queue
    /** Empty means the current working directory, as in NSQ. */
    public String dataPath = "";
    public long memQueueSize = 10000;
    public long maxBytesPerFile = 100L * 1024 * 1024;
    public long syncEvery = 2500;
    public Duration syncTimeout = Duration.ofSeconds(2);
    public int queueScanWorkerPoolMax = 4;
    public int queueScanSelectionCount = 20;

    // messages and commands
    public Duration msgTimeout = Duration.ofMinutes(1);
    public Duration maxMsgTimeout = Duration.ofMinutes(15);
    public long maxMsgSize = 1024 * 1024;
    public Duration maxReqTimeout = Duration.ofHours(1);
    public long maxBodySize = 5L * 1024 * 1024;

    // client-overridable limits
    public Duration maxHeartbeatInterval = Duration.ofMinutes(1);
    public long maxRdyCount = 2500;
    public long maxOutputBufferSize = 64 * 1024;
    public Duration maxOutputBufferTimeout = Duration.ofSeconds(30);
    public Duration minOutputBufferTimeout = Duration.ofMillis(25);
    public Duration outputBufferTimeout = Duration.ofMillis(250);
    public int maxChannelConsumers = 0;

    // statsd
    public String statsdAddress = "";
    public Duration statsdInterval = Duration.ofMinutes(1);
    public boolean statsdMemStats = true;
    public String statsdPrefix = "nsq.%s";
    public int statsdUdpPacketSize = 508;
    public boolean statsdExcludeEphemeral = false;

    // end-to-end latency
    /** Sorted descending, as NSQ stores them. */
    public List<Double> e2eProcessingLatencyPercentiles = new ArrayList<>();
    public Duration e2eProcessingLatencyWindowTime = Duration.ofMinutes(10);

    // TLS
    public String tlsCert = "";
    public String tlsKey = "";
    public String tlsClientAuthPolicy = "";
    public String tlsRootCaFile = "";
    /** NSQ's values: {@link #TLS_NOT_REQUIRED}, {@link #TLS_REQUIRED_EXCEPT_HTTP} or {@link #TLS_REQUIRED}. */
    public int tlsRequired = TLS_NOT_REQUIRED;
    public String tlsMinVersion = "tls1.0";

    // compression
    public boolean deflate = true;
    public int maxDeflateLevel = 6;
    public boolean snappy = true;

    /** Heartbeat interval for clients that do not ask for one: half NSQ's fixed 60 s client timeout. */
    public Duration defaultHeartbeatInterval = Duration.ofSeconds(30);

    /**
     * A copy of every option, lists included, as a started nsqd keeps them: whatever happens to this object
     * afterwards, the copy stays as it was.
     */
    public NsqdOptions copy() {
        NsqdOptions copy = new NsqdOptions();
        // every public field is an option: a field added later is copied without anyone having to remember it
        for (Field field : NsqdOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            try {
                Object value = field.get(this);
                field.set(copy, value instanceof List<?> list ? new ArrayList<>(list) : value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("option " + field.getName() + " cannot be copied", e);
            }
        }
        return copy;
    }

    /** Checks the values NSQ validates at start; the message is NSQ's. */
    public void validate() {
        if (nodeId < 0 || nodeId >= 1024) {
            throw new IllegalArgumentException("--node-id must be [0,1024)");
        }
        if (!authHttpRequestMethod.equals("get") && !authHttpRequestMethod.equals("post")) {
            throw new IllegalArgumentException("--auth-http-request-method must be post or get");
        }
        if (httpAuthRequired && authHttpAddresses.isEmpty()) {
            throw new IllegalArgumentException("--http-auth-required needs --auth-http-address");
        }
        if (!sigterm.equals(SIGTERM_CLEAN_SHUTDOWN) && !sigterm.equals(SIGTERM_DRAIN)) {
            throw new IllegalArgumentException("--sigterm must be clean-shutdown or drain");
        }
        if (maxDeflateLevel < 1 || maxDeflateLevel > 9) {
            throw new IllegalArgumentException("--max-deflate-level must be [1,9]");
        }
        if (tlsRequired != TLS_NOT_REQUIRED && (tlsCert.isEmpty() || tlsKey.isEmpty())) {
            throw new IllegalArgumentException("cannot require TLS client connections without TLS key and cert");
        }
        // NSQ's ticker would panic in the statsd goroutine and take nsqd down with it
        if (!statsdAddress.isEmpty() && (statsdInterval.isZero() || statsdInterval.isNegative())) {
            throw new IllegalArgumentException("--statsd-interval must be positive");
        }
        for (double p : e2eProcessingLatencyPercentiles) {
            if (p <= 0 || p > 1) {
                throw new IllegalArgumentException("invalid E2E processing latency percentile: " + p);
            }
        }
    }
}
