package io.jnsq.nsqd.http;

import static io.jnsq.common.http.ResponseFormat.PLAIN_TEXT;
import static io.jnsq.common.http.ResponseFormat.RAW;
import static io.jnsq.common.http.ResponseFormat.V1;
import static io.jnsq.nsqd.http.HttpAuthGuard.Scope.CHANNEL;
import static io.jnsq.nsqd.http.HttpAuthGuard.Scope.NODE;
import static io.jnsq.nsqd.http.HttpAuthGuard.Scope.PUBLISH;
import static io.jnsq.nsqd.http.HttpAuthGuard.Scope.TOPIC;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import io.jnsq.common.Version;
import io.jnsq.common.http.DebugApi;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.QueryParams;
import io.jnsq.common.http.Request;
import io.jnsq.common.http.Router;
import io.jnsq.common.http.TopicChannelArgs;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.DrainingException;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.PublishException;
import io.jnsq.nsqd.Topic;
import io.jnsq.protocol.GoStrconv;
import io.jnsq.protocol.Hostname;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqd's HTTP API: every route, and the handlers for publishing and the node itself, named as in NSQ's
 * {@code nsqd/http.go}. Topic and channel administration, /stats, /metrics, /config and /debug have classes of
 * their own.
 */
final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final Daemon nsqd;
    private final Broker broker;
    private final NsqdOptions options;

    private HttpApi(Daemon nsqd) {
        this.nsqd = nsqd;
        this.broker = nsqd.broker();
        this.options = nsqd.options();
    }

    /**
     * Every route, in NSQ's order. NSQ's pre-1.0 aliases ({@code /put}, {@code /create_topic}, ...) are gone since
     * 1.0, so they are {@code 404 NOT_FOUND} here too.
     */
    static Router routes(Daemon nsqd) {
        HttpApi api = new HttpApi(nsqd);
        TopicChannelApi admin = new TopicChannelApi(nsqd.broker());
        ConfigApi config = new ConfigApi(nsqd);
        DebugApi debug = new DebugApi(true);
        HttpAuthGuard guarded = new HttpAuthGuard(api.options.httpAuthRequired ? nsqd.authServers() : null);
        return new Router()
                .handle(GET, "/ping", PLAIN_TEXT, api::doPing)
                .handle(GET, "/info", V1, api::doInfo)
                .handle(GET, "/stats", V1, new StatsApi(nsqd.broker())::doStats)
                // beyond NSQ: Prometheus
                .handle(GET, "/metrics", RAW, new MetricsApi(nsqd.broker())::doMetrics)
                .handle(POST, "/pub", V1, api.options.maxMsgSize, guarded.by(PUBLISH, api::doPUB))
                .handle(POST, "/mpub", V1, api.options.maxBodySize, guarded.by(PUBLISH, api::doMPUB))
                .handle(POST, "/topic/create", V1, guarded.by(TOPIC, admin::doCreateTopic))
                .handle(POST, "/topic/delete", V1, guarded.by(TOPIC, admin::doDeleteTopic))
                .handle(POST, "/topic/empty", V1, guarded.by(TOPIC, admin::doEmptyTopic))
                .handle(POST, "/topic/pause", V1, guarded.by(TOPIC, admin::doPauseTopic))
                .handle(POST, "/topic/unpause", V1, guarded.by(TOPIC, admin::doUnpauseTopic))
                .handle(POST, "/channel/create", V1, guarded.by(CHANNEL, admin::doCreateChannel))
                .handle(POST, "/channel/delete", V1, guarded.by(CHANNEL, admin::doDeleteChannel))
                .handle(POST, "/channel/empty", V1, guarded.by(CHANNEL, admin::doEmptyChannel))
                .handle(POST, "/channel/pause", V1, guarded.by(CHANNEL, admin::doPauseChannel))
                .handle(POST, "/channel/unpause", V1, guarded.by(CHANNEL, admin::doUnpauseChannel))
                .handle(GET, "/config/:opt", V1, config::doGetConfig)
                .handle(PUT, "/config/:opt", V1, api.options.maxMsgSize, guarded.by(NODE, config::doPutConfig))
                // debug: the JVM's counterparts of Go's pprof
                .handle(GET, "/debug/pprof/", PLAIN_TEXT, debug::doIndex)
                .handle(GET, "/debug/pprof/cmdline", PLAIN_TEXT, debug::doCmdline)
                .handle(GET, "/debug/pprof/heap", PLAIN_TEXT, debug::doHeap)
                .handle(GET, "/debug/pprof/goroutine", PLAIN_TEXT, debug::doGoroutine)
                .handle(GET, "/debug/pprof/block", PLAIN_TEXT, debug::doBlock)
                .handle(PUT, "/debug/setblockrate", PLAIN_TEXT, DebugApi.MAX_FORM_BODY,
                        guarded.by(NODE, debug::doSetBlockRate))
                .handle(POST, "/debug/freememory", PLAIN_TEXT, guarded.by(NODE, debug::doFreeMemory))
                .handle(GET, "/debug/pprof/threadcreate", PLAIN_TEXT, debug::doThreadcreate);
    }

    Object doPing(Request request) throws HttpException {
        String error = broker.healthError();
        if (error != null) {
            throw new HttpException(500, "NOK - " + error);
        }
        return "OK";
    }

    Object doInfo(Request request) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", Version.NSQ);
        info.put("broadcast_address", options.broadcastAddress);
        info.put("hostname", Hostname.os());
        info.put("http_port", port(nsqd.httpAddress()));
        info.put("tcp_port", port(nsqd.tcpAddress()));
        info.put("start_time", broker.startTime());
        info.put("max_heartbeat_interval", options.maxHeartbeatInterval.toNanos());
        info.put("max_output_buffer_size", options.maxOutputBufferSize);
        info.put("max_output_buffer_timeout", options.maxOutputBufferTimeout.toNanos());
        info.put("max_deflate_level", options.maxDeflateLevel);
        info.put("topology_zone", options.topologyZone);
        info.put("topology_region", options.topologyRegion);
        if (broker.isDraining()) {
            info.put("draining", true); // beyond NSQ; absent otherwise, so the answer stays NSQ's byte for byte
        }
        return info;
    }

    /** Checks: declared size, body size, empty body, query, topic (created here), defer, put. */
    Object doPUB(Request request) throws HttpException {
        long maxMsgSize = options.maxMsgSize;
        if (request.contentLength() > maxMsgSize || request.body().length > maxMsgSize) {
            throw new HttpException(413, "MSG_TOO_BIG");
        }
        byte[] body = request.body();
        if (body.length == 0) {
            throw new HttpException(400, "MSG_EMPTY");
        }
        QueryParams query = request.query();
        Topic topic = topicFromQuery(query);
        long deferNanos = 0;
        String defer = query.get("defer");
        if (defer != null) {
            long millis;
            try {
                millis = GoStrconv.parseInt(defer, 64);
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "INVALID_DEFER");
            }
            deferNanos = millis * 1_000_000L; // wraps on overflow exactly as Go's time.Duration arithmetic
            if (deferNanos < 0 || deferNanos > options.maxReqTimeout.toNanos()) {
                throw new HttpException(400, "INVALID_DEFER");
            }
        }
        return answerWhenStored(topic, topic.publishAsync(List.of(body), deferNanos));
    }

    /** Checks: declared size, query, topic (created here), then the body in text or binary mode, put. */
    Object doMPUB(Request request) throws HttpException {
        if (request.contentLength() > options.maxBodySize) {
            throw new HttpException(413, "BODY_TOO_BIG");
        }
        QueryParams query = request.query();
        Topic topic = topicFromQuery(query);
        boolean binary = false;
        String mode = query.get("binary");
        if (mode != null) {
            try {
                binary = GoStrconv.parseBool(mode);
            } catch (IllegalArgumentException e) {
                log.warn("deprecated value '{}' used for /mpub binary param", mode);
                binary = true;
            }
        }
        List<byte[]> messages = binary
                ? MpubReader.readBinary(request.body(), options.maxMsgSize, options.maxBodySize)
                : MpubReader.readText(request.body(), options.maxMsgSize, options.maxBodySize);
        return answerWhenStored(topic, topic.publishAsync(messages, 0));
    }

    /** OK once the publish is stored (and the topic started); while the storage thread writes it, later. */
    private static Object answerWhenStored(Topic topic, CompletableFuture<Void> stored) throws HttpException {
        if (stored.isDone()) {
            try {
                stored.join();
            } catch (CompletionException e) {
                throw refused(e.getCause());
            }
            return whenStarted(topic, "OK");
        }
        return stored.handle((done, error) -> {
            if (error != null) {
                throw new CompletionException(refused(error instanceof CompletionException c ? c.getCause() : error));
            }
            return whenStarted(topic, "OK");
        });
    }

    /**
     * The answer once the topic has its channels from nsqlookupd: NSQ answers a request that created a topic only
     * after creating them, so whoever reads /stats next finds them.
     */
    static Object whenStarted(Topic topic, Object answer) {
        return topic.isStarted() ? answer : topic.started().thenApply(started -> answer);
    }

    /** NSQ's getTopicFromQuery: the first {@code topic} value, validated, then got or created. */
    private Topic topicFromQuery(QueryParams query) throws HttpException {
        return topic(broker, TopicChannelArgs.validTopicName(query));
    }

    /** The topic, created if missing; while nsqd drains, a missing one is {@code 503 DRAINING}. */
    static Topic topic(Broker broker, String name) throws HttpException {
        try {
            return broker.topic(name);
        } catch (DrainingException e) {
            throw draining();
        }
    }

    /** NSQ answers any refused put {@code 503 EXITING}; a draining nsqd says so. */
    private static HttpException refused(Throwable publishFailure) {
        return publishFailure instanceof PublishException e && e.isDraining() ? draining()
                : new HttpException(503, "EXITING");
    }

    static HttpException draining() {
        return new HttpException(503, "DRAINING");
    }

    private static int port(InetSocketAddress address) {
        return address == null ? 0 : address.getPort();
    }
}
