package io.jnsq.nsqlookupd.http;

import static io.jnsq.common.http.ResponseFormat.PLAIN_TEXT;
import static io.jnsq.common.http.ResponseFormat.V1;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import io.jnsq.common.Version;
import io.jnsq.common.http.DebugApi;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.QueryParams;
import io.jnsq.common.http.Request;
import io.jnsq.common.http.Router;
import io.jnsq.common.http.TopicChannelArgs;
import io.jnsq.nsqlookupd.Nsqlookupd;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import io.jnsq.nsqlookupd.PeerInfo;
import io.jnsq.nsqlookupd.Producer;
import io.jnsq.nsqlookupd.Registration;
import io.jnsq.nsqlookupd.RegistrationDb;
import io.jnsq.protocol.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqlookupd's HTTP API, named as in NSQ's {@code nsqlookupd/http.go}. Names are validated only where NSQ validates
 * them (creating); a {@code topic} of {@code *} matches every topic, as NSQ's DB does. JSON objects keep NSQ's key
 * order: Go's struct order for peers and nodes, sorted keys for Go maps.
 */
public final class LookupdHttpApi {
    private static final Logger log = LoggerFactory.getLogger(LookupdHttpApi.class);

    private final RegistrationDb db;
    private final NsqlookupdOptions options;

    private LookupdHttpApi(Nsqlookupd lookupd) {
        this.db = lookupd.db();
        this.options = lookupd.options();
    }

    /** Every route, in NSQ's order. */
    public static Router routes(Nsqlookupd lookupd) {
        LookupdHttpApi api = new LookupdHttpApi(lookupd);
        DebugApi debug = new DebugApi(false);
        return new Router()
                .handle(GET, "/ping", PLAIN_TEXT, api::doPing)
                .handle(GET, "/info", V1, api::doInfo)
                .handle(GET, "/debug", V1, api::doDebug)
                .handle(GET, "/lookup", V1, api::doLookup)
                .handle(GET, "/topics", V1, api::doTopics)
                .handle(GET, "/channels", V1, api::doChannels)
                .handle(GET, "/nodes", V1, api::doNodes)
                .handle(POST, "/topic/create", V1, api::doCreateTopic)
                .handle(POST, "/topic/delete", V1, api::doDeleteTopic)
                .handle(POST, "/channel/create", V1, api::doCreateChannel)
                .handle(POST, "/channel/delete", V1, api::doDeleteChannel)
                .handle(POST, "/topic/tombstone", V1, api::doTombstoneTopicProducer)
                // debug: the JVM's counterparts of Go's pprof; the index has no trailing slash here, unlike nsqd's
                .handle(GET, "/debug/pprof", PLAIN_TEXT, debug::doIndex)
                .handle(GET, "/debug/pprof/cmdline", PLAIN_TEXT, debug::doCmdline)
                .handle(GET, "/debug/pprof/heap", PLAIN_TEXT, debug::doHeap)
                .handle(GET, "/debug/pprof/goroutine", PLAIN_TEXT, debug::doGoroutine)
                .handle(GET, "/debug/pprof/block", PLAIN_TEXT, debug::doBlock)
                .handle(GET, "/debug/pprof/threadcreate", PLAIN_TEXT, debug::doThreadcreate);
    }

    /** No health concept in nsqlookupd: always {@code OK}. */
    Object doPing(Request request) {
        return "OK";
    }

    Object doInfo(Request request) {
        return Map.of("version", Version.NSQ);
    }

    Object doTopics(Request request) {
        return Map.of("topics", keys(db.findRegistrations(Registration.TOPIC, Registration.ANY, "")));
    }

    /** The channels of a topic, any of them; an unknown topic has none. */
    Object doChannels(Request request) throws HttpException {
        String topic = TopicChannelArgs.topicName(request.query());
        return Map.of("channels", channels(topic));
    }

    /** The topic's channels and its producers that are active and not tombstoned; 404 for an unknown topic. */
    Object doLookup(Request request) throws HttpException {
        String topic = TopicChannelArgs.topicName(request.query());
        if (db.findRegistrations(Registration.TOPIC, topic, "").isEmpty()) {
            throw new HttpException(404, "TOPIC_NOT_FOUND");
        }
        List<Producer> producers = db.filterByActive(db.findProducers(Registration.TOPIC, topic, ""),
                options.inactiveProducerTimeout, options.tombstoneLifetime);
        Map<String, Object> lookup = new TreeMap<>();
        lookup.put("channels", channels(topic));
        lookup.put("producers", producers.stream().map(p -> peer(p.peer())).toList());
        return lookup;
    }

    /**
     * Every active nsqd (tombstoned ones included) with the topics it produces and, for each, whether it is
     * tombstoned there now.
     */
    Object doNodes(Request request) {
        long now = db.now();
        List<Producer> clients = db.filterByActive(db.findProducers(Registration.CLIENT, "", ""),
                options.inactiveProducerTimeout, Duration.ZERO, now);
        List<Object> nodes = new ArrayList<>();
        for (Producer client : clients) {
            PeerInfo peer = client.peer();
            List<String> topics = new ArrayList<>();
            List<Boolean> tombstones = new ArrayList<>();
            for (Registration registration : db.lookupRegistrations(peer.id())) {
                if (registration.category().equals(Registration.TOPIC)) {
                    topics.add(registration.key());
                    tombstones.add(isTombstoned(registration, peer, now));
                }
            }
            Map<String, Object> node = peer(peer);
            node.put("tombstones", tombstones);
            node.put("topics", topics);
            nodes.add(node);
        }
        return Map.of("producers", nodes);
    }

    /** Whether the peer's producer of the topic is tombstoned at {@code now}, as NSQ's check of that very peer. */
    private boolean isTombstoned(Registration topic, PeerInfo peer, long now) {
        // the same id may name an older connection's peer until that one is removed: NSQ compares the peer itself
        Producer producer = db.producer(topic, peer.id());
        return producer != null && producer.peer() == peer
                && producer.isTombstoned(options.tombstoneLifetime, now);
    }

    Object doCreateTopic(Request request) throws HttpException {
        String topic = TopicChannelArgs.topicName(request.query());
        if (!Names.isValidTopicName(topic)) {
            throw new HttpException(400, "INVALID_ARG_TOPIC");
        }
        log.info("DB: adding topic({})", topic);
        db.addRegistration(Registration.topic(topic));
        return null;
    }

    /** The topic and its channels go, with their producers; an unknown topic is no error. */
    Object doDeleteTopic(Request request) throws HttpException {
        String topic = TopicChannelArgs.topicName(request.query());
        for (Registration registration : db.findRegistrations(Registration.CHANNEL, topic, Registration.ANY)) {
            log.info("DB: removing channel({}) from topic({})", registration.subKey(), topic);
            db.removeRegistration(registration);
        }
        for (Registration registration : db.findRegistrations(Registration.TOPIC, topic, "")) {
            log.info("DB: removing topic({})", topic);
            db.removeRegistration(registration);
        }
        return null;
    }

    Object doCreateChannel(Request request) throws HttpException {
        TopicChannelArgs.TopicChannel args = TopicChannelArgs.topicChannel(request.query());
        log.info("DB: adding channel({}) in topic({})", args.channel(), args.topic());
        db.addRegistration(Registration.channel(args.topic(), args.channel()));
        log.info("DB: adding topic({})", args.topic());
        db.addRegistration(Registration.topic(args.topic()));
        return null;
    }

    Object doDeleteChannel(Request request) throws HttpException {
        TopicChannelArgs.TopicChannel args = TopicChannelArgs.topicChannel(request.query());
        List<Registration> registrations = db.findRegistrations(Registration.CHANNEL, args.topic(), args.channel());
        if (registrations.isEmpty()) {
            throw new HttpException(404, "CHANNEL_NOT_FOUND");
        }
        log.info("DB: removing channel({}) from topic({})", args.channel(), args.topic());
        registrations.forEach(db::removeRegistration);
        return null;
    }

    /** Hides the topic's producer {@code node} ({@code <broadcast_address>:<http_port>}) from /lookup for a while. */
    Object doTombstoneTopicProducer(Request request) throws HttpException {
        QueryParams query = request.query();
        String topic = TopicChannelArgs.topicName(query);
        String node = query.get("node");
        if (node == null) {
            throw new HttpException(400, "MISSING_ARG_NODE");
        }
        log.info("DB: setting tombstone for producer@{} of topic({})", node, topic);
        db.tombstone(topic, node);
        return null;
    }

    /** Every channel's name under the topic ({@code *}: under every topic, duplicates kept). */
    private List<String> channels(String topic) {
        return db.findRegistrations(Registration.CHANNEL, topic, Registration.ANY).stream()
                .map(Registration::subKey).toList();
    }

    private static List<String> keys(List<Registration> registrations) {
        return registrations.stream().map(Registration::key).toList();
    }

    /** NSQ's {@code PeerInfo} JSON: its 8 keys in its struct's order. */
    private static Map<String, Object> peer(PeerInfo peer) {
        Map<String, Object> json = new LinkedHashMap<>();
        // a peer's id is its connection's source address (ip:port), where the nsqd connected from
        json.put("remote_address", peer.id());
        json.put("hostname", peer.hostname());
        json.put("broadcast_address", peer.broadcastAddress());
        json.put("tcp_port", peer.tcpPort());
        json.put("http_port", peer.httpPort());
        json.put("version", peer.version());
        json.put("topology_zone", peer.topologyZone());
        json.put("topology_region", peer.topologyRegion());
        return json;
    }

    /** Every registration that has producers, keyed {@code category:key:subkey}, each producer's keys sorted. */
    Object doDebug(Request request) {
        Map<String, Object> debug = new TreeMap<>();
        db.snapshot().forEach((registration, producers) -> debug.put(registration.toString(),
                producers.stream().map(LookupdHttpApi::dump).toList()));
        return debug;
    }

    /** NSQ's debug dump of a producer: the peer's keys but the remote address, and its liveness, sorted. */
    private static Map<String, Object> dump(Producer producer) {
        PeerInfo peer = producer.peer();
        Map<String, Object> json = new TreeMap<>(peer(peer));
        json.remove("remote_address");
        json.put("id", peer.id());
        json.put("last_update", peer.lastUpdate());
        json.put("tombstoned", producer.tombstoned());
        json.put("tombstoned_at", producer.tombstonedAt());
        return json;
    }
}
