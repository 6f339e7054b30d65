package io.jnsq.clusterinfo;

import static io.jnsq.common.http.NsqHttpClient.queryEscape;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.json.Json;
import io.jnsq.protocol.GoQuote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NSQ's {@code clusterinfo}: what the tools and nsqadmin ask of a cluster over HTTP, every nsqlookupd or nsqd asked
 * at once. Each call collects the failures of single upstreams into a {@link PartialErrors} and still answers with
 * what the others said; when none answers (or there is none to ask) it throws {@link UpstreamException}. Calls block:
 * run them off event loops.
 *
 * <p>Actions follow NSQ's order: the producers of a topic are found first (a total failure there ends the action),
 * then every nsqlookupd is told, then every producer nsqd; failed POSTs are partial failures.
 */
public final class ClusterInfo {
    private static final Logger log = LoggerFactory.getLogger(ClusterInfo.class);

    private final NsqHttpClient http;

    public ClusterInfo(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, null);
    }

    /** @param tls the context for HTTPS upstreams, or {@code null} for the JDK's defaults */
    public ClusterInfo(Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
        this.http = new NsqHttpClient(connectTimeout, requestTimeout, tls);
    }

    /** NSQ's {@code GetLookupdTopics}: every topic any nsqlookupd knows, sorted, once each. */
    public List<String> lookupdTopics(List<String> lookupds, PartialErrors errs) throws UpstreamException {
        TreeSet<String> topics = new TreeSet<>();
        gather(lookupds, a -> "http://" + a + "/topics", "nsqlookupd", errs,
                (address, body) -> body.path("topics").forEach(t -> topics.add(t.asText())));
        return new ArrayList<>(topics);
    }

    /** NSQ's {@code GetLookupdTopicChannels}: every channel any nsqlookupd knows for the topic, sorted. */
    public List<String> lookupdTopicChannels(String topic, List<String> lookupds, PartialErrors errs)
            throws UpstreamException {
        TreeSet<String> channels = new TreeSet<>();
        gather(lookupds, a -> "http://" + a + "/channels?topic=" + queryEscape(topic), "nsqlookupd", errs,
                (address, body) -> body.path("channels").forEach(c -> channels.add(c.asText())));
        return new ArrayList<>(channels);
    }

    /**
     * NSQ's {@code GetLookupdProducers}: every nsqd of {@code /nodes}, once each by TCP address, with the
     * nsqlookupd nodes that know it, its topics sorted, out-of-date ones marked; sorted by hostname.
     */
    public List<Producer> lookupdProducers(List<String> lookupds, PartialErrors errs) throws UpstreamException {
        Map<String, Producer> byTcpAddress = new LinkedHashMap<>();
        gather(lookupds, a -> "http://" + a + "/nodes", "nsqlookupd", errs, (address, body) -> {
            for (JsonNode peer : body.path("producers")) {
                Producer producer = Producer.fromPeer(peer);
                Producer known = byTcpAddress.computeIfAbsent(producer.tcpAddress(), k -> producer);
                if (known.remoteAddresses == null) {
                    known.remoteAddresses = new ArrayList<>();
                }
                known.remoteAddresses.add(address + "/" + producer.remoteAddress);
            }
        });
        List<Producer> producers = new ArrayList<>(byTcpAddress.values());
        markOutOfDate(producers);
        producers.sort(Producer.BY_HOST);
        return producers;
    }

    /** NSQ's {@code GetLookupdTopicProducers}: the nsqd any nsqlookupd lists for the topic, once each. */
    public List<Producer> lookupdTopicProducers(String topic, List<String> lookupds, PartialErrors errs)
            throws UpstreamException {
        Map<String, Producer> byHttpAddress = new LinkedHashMap<>();
        gather(lookupds, a -> "http://" + a + "/lookup?topic=" + queryEscape(topic), "nsqlookupd", errs,
                (address, body) -> {
                    for (JsonNode peer : body.path("producers")) {
                        Producer producer = Producer.fromPeer(peer);
                        byHttpAddress.putIfAbsent(producer.httpAddress(), producer);
                    }
                });
        return new ArrayList<>(byHttpAddress.values());
    }

    /** NSQ's {@code GetNSQDTopics}: every topic of the nsqd, sorted, once each. */
    public List<String> nsqdTopics(List<String> nsqds, PartialErrors errs) throws UpstreamException {
        TreeSet<String> topics = new TreeSet<>();
        gather(nsqds, a -> "http://" + a + "/stats?format=json", "nsqd", errs,
                (address, body) -> body.path("topics").forEach(t -> topics.add(t.path("topic_name").asText())));
        return new ArrayList<>(topics);
    }

    /** NSQ's {@code GetNSQDProducers}: each nsqd described by its {@code /info}, with its topics from /stats. */
    public List<Producer> nsqdProducers(List<String> nsqds, PartialErrors errs) throws UpstreamException {
        return nsqdProducers(nsqds, null, errs);
    }

    /**
     * NSQ's {@code GetNSQDTopicProducers}: the nsqd whose {@code /stats} lists the topic, each described by its
     * {@code /info} (the address queried standing in for an older nsqd's missing broadcast address).
     */
    public List<Producer> nsqdTopicProducers(String topic, List<String> nsqds, PartialErrors errs)
            throws UpstreamException {
        return nsqdProducers(nsqds, topic, errs);
    }

    private List<Producer> nsqdProducers(List<String> nsqds, String topic, PartialErrors errs)
            throws UpstreamException {
        String filter = topic == null ? "" : "&topic=" + queryEscape(topic) + "&include_clients=false";
        List<Producer> producers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<CompletableFuture<JsonNode>> stats = new ArrayList<>();
        for (String address : nsqds) {
            stats.add(getV1("http://" + address + "/stats?format=json" + filter));
        }
        for (int i = 0; i < nsqds.size(); i++) {
            String address = nsqds.get(i);
            JsonNode body = await(stats.get(i), failures);
            if (body == null) {
                continue;
            }
            List<ProducerTopic> topics = new ArrayList<>();
            body.path("topics").forEach(t -> topics.add(new ProducerTopic(t.path("topic_name").asText(), false)));
            if (topic != null && topics.stream().noneMatch(t -> t.topic().equals(topic))) {
                continue;
            }
            JsonNode info = await(getV1("http://" + address + "/info"), failures);
            if (info == null) {
                continue;
            }
            Producer p = Producer.fromPeer(info);
            p.remoteAddress = "";
            p.topics = topics;
            if (p.broadcastAddress.isEmpty()) {
                int colon = address.lastIndexOf(':');
                p.broadcastAddress = address.substring(0, colon);
                p.httpPort = Integer.parseInt(address.substring(colon + 1));
            }
            if (p.hostname.isEmpty()) {
                p.hostname = address.substring(0, address.lastIndexOf(':'));
            }
            producers.add(p);
        }
        finish(failures, nsqds.size(), "nsqd", errs);
        markOutOfDate(producers);
        return producers;
    }

    /** NSQ's {@code GetProducers}: from nsqlookupd when any is configured, else from the nsqd themselves. */
    public List<Producer> producers(List<String> lookupds, List<String> nsqds, PartialErrors errs)
            throws UpstreamException {
        return lookupds.isEmpty() ? nsqdProducers(nsqds, errs) : lookupdProducers(lookupds, errs);
    }

    /** NSQ's {@code GetTopicProducers}: from nsqlookupd when any is configured, else from the nsqd themselves. */
    public List<Producer> topicProducers(String topic, List<String> lookupds, List<String> nsqds, PartialErrors errs)
            throws UpstreamException {
        return lookupds.isEmpty() ? nsqdTopicProducers(topic, nsqds, errs)
                : lookupdTopicProducers(topic, lookupds, errs);
    }

    /**
     * NSQ's {@code GetNSQDStats}: each producer's {@code /stats}, limited to a topic and a channel when given.
     *
     * @param topic the topic, or {@code null} for all
     * @param channel the channel, or {@code null} for all
     */
    public NsqdStats nsqdStats(List<Producer> producers, String topic, String channel, boolean includeClients,
                               PartialErrors errs) throws UpstreamException {
        StringBuilder query = new StringBuilder("/stats?format=json");
        if (topic != null) {
            query.append("&topic=").append(queryEscape(topic));
        }
        if (channel != null) {
            query.append("&channel=").append(queryEscape(channel));
        }
        if (!includeClients) {
            query.append("&include_clients=false");
        }
        Instant now = Instant.now();
        List<TopicStats> topics = new ArrayList<>();
        Map<String, ChannelStats> channels = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (Producer producer : producers) {
            answers.add(getV1("http://" + producer.httpAddress() + query));
        }
        for (int i = 0; i < producers.size(); i++) {
            JsonNode body = await(answers.get(i), failures);
            if (body == null) {
                continue;
            }
            for (JsonNode t : body.path("topics")) {
                TopicStats one = TopicStats.fromNsqd(t, producers.get(i), now);
                if (topic != null && !one.topicName.equals(topic)) {
                    continue;
                }
                topics.add(one);
                for (ChannelStats c : one.channels) {
                    if (channel != null && !c.channelName.equals(channel)) {
                        continue;
                    }
                    String key = topic != null ? c.channelName : one.topicName + ":" + c.channelName;
                    channels.computeIfAbsent(key, k -> ChannelStats.aggregate(one.topicName, c.channelName)).add(c);
                }
            }
        }
        finish(failures, producers.size(), "nsqd", errs);
        topics.sort(TopicStats.byHost(s -> s.hostname, s -> s.node));
        return new NsqdStats(topics, channels);
    }

    /**
     * NSQ's {@code CreateTopicChannel}: the topic on every nsqlookupd; with a channel, the channel too, then on
     * every nsqd that nsqlookupd lists for the topic.
     *
     * @param channel the channel, or {@code null}
     */
    public void createTopicChannel(String topic, String channel, List<String> lookupds, PartialErrors errs)
            throws UpstreamException {
        post(lookupds, "topic/create", "topic=" + queryEscape(topic), errs);
        if (channel != null) {
            String qs = "topic=" + queryEscape(topic) + "&channel=" + queryEscape(channel);
            post(lookupds, "channel/create", qs, errs);
            List<Producer> producers = lookupdTopicProducers(topic, lookupds, errs);
            post(httpAddresses(producers), "channel/create", qs, errs);
        }
    }

    /** NSQ's {@code DeleteTopic}: producers found first, then the topic deleted on every nsqlookupd and nsqd. */
    public void deleteTopic(String topic, List<String> lookupds, List<String> nsqds, PartialErrors errs)
            throws UpstreamException {
        List<Producer> producers = topicProducers(topic, lookupds, nsqds, errs);
        String qs = "topic=" + queryEscape(topic);
        post(lookupds, "topic/delete", qs, errs);
        post(httpAddresses(producers), "topic/delete", qs, errs);
    }

    /** NSQ's {@code DeleteChannel}: as {@link #deleteTopic}, for one channel. */
    public void deleteChannel(String topic, String channel, List<String> lookupds, List<String> nsqds,
                              PartialErrors errs) throws UpstreamException {
        List<Producer> producers = topicProducers(topic, lookupds, nsqds, errs);
        String qs = "topic=" + queryEscape(topic) + "&channel=" + queryEscape(channel);
        post(lookupds, "channel/delete", qs, errs);
        post(httpAddresses(producers), "channel/delete", qs, errs);
    }

    /**
     * NSQ's topic and channel actions ({@code PauseTopic}, {@code EmptyChannel}, ...): {@code POST
     * /topic/<action>} or {@code /channel/<action>} on every producer of the topic.
     *
     * @param action {@code pause}, {@code unpause} or {@code empty}
     * @param channel the channel, or {@code null} for the topic itself
     */
    public void topicChannelAction(String action, String topic, String channel, List<String> lookupds,
                                   List<String> nsqds, PartialErrors errs) throws UpstreamException {
        List<Producer> producers = topicProducers(topic, lookupds, nsqds, errs);
        String qs = "topic=" + queryEscape(topic) + (channel == null ? "" : "&channel=" + queryEscape(channel));
        post(httpAddresses(producers), (channel == null ? "topic/" : "channel/") + action, qs, errs);
    }

    /**
     * NSQ's {@code TombstoneNodeForTopic}: the producer {@code node} ({@code <broadcast_address>:<http_port>}) of
     * the topic tombstoned on every nsqlookupd, then the topic deleted on that nsqd.
     */
    public void tombstoneNodeForTopic(String topic, String node, List<String> lookupds, PartialErrors errs)
            throws UpstreamException {
        post(lookupds, "topic/tombstone", "topic=" + queryEscape(topic) + "&node=" + queryEscape(node), errs);
        List<Producer> producers = nsqdProducers(List.of(node), errs);
        post(httpAddresses(producers), "topic/delete", "topic=" + queryEscape(topic), errs);
    }

    private static List<String> httpAddresses(List<Producer> producers) {
        return producers.stream().map(Producer::httpAddress).toList();
    }

    /** POSTs to every address, one after the other as NSQ does; each failure is a partial one. */
    private void post(List<String> addresses, String uri, String qs, PartialErrors errs) {
        for (String address : addresses) {
            String endpoint = "http://" + address + "/" + uri + "?" + qs;
            log.debug("CI: querying {}", endpoint);
            List<String> failures = new ArrayList<>();
            await(json(http.post(endpoint)), failures);
            errs.addAll(failures);
        }
    }

    /** What to do with one upstream's JSON; called on the calling thread, in the order of the addresses. */
    @FunctionalInterface
    private interface Answer {
        void accept(String address, JsonNode body);
    }

    /** GETs from every address at once and hands each answer over; then NSQ's verdict on the failures. */
    private void gather(List<String> addresses, Function<String, String> url, String daemon, PartialErrors errs,
                        Answer answer) throws UpstreamException {
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (String address : addresses) {
            answers.add(getV1(url.apply(address)));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            JsonNode body = await(answers.get(i), failures);
            if (body != null) {
                answer.accept(addresses.get(i), body);
            }
        }
        finish(failures, addresses.size(), daemon, errs);
    }

    /** None of {@code queried} answering is a total failure (so is having none to ask), else a partial one. */
    private static void finish(List<String> failures, int queried, String daemon, PartialErrors errs)
            throws UpstreamException {
        if (failures.size() == queried) {
            throw new UpstreamException(daemon, failures);
        }
        errs.addAll(failures);
    }

    /** Every nsqd older than the newest one seen is out of date. */
    private static void markOutOfDate(List<Producer> producers) {
        String newest = "0.0.0";
        for (Producer p : producers) {
            if (Producer.compareVersions(p.version, newest) > 0) {
                newest = p.version;
            }
        }
        for (Producer p : producers) {
            p.outOfDate = Producer.compareVersions(p.version, newest) < 0;
        }
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer, List<String> failures) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            failures.add(e.getCause().getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
            return null;
        }
    }

    /** NSQ's {@code http_api.Client.GETV1}: NSQ's v1 content type asked for, anything but 200 an error. */
    private CompletableFuture<JsonNode> getV1(String url) {
        log.debug("CI: querying {}", url);
        return json(http.get(url));
    }

    /** The answer's JSON ({@code null} for an empty body); a status other than 200 worded as NSQ words it. */
    private static CompletableFuture<JsonNode> json(CompletableFuture<byte[]> answer) {
        return answer.handle((body, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof NsqHttpClient.StatusException status) {
                    throw new CompletionException(new IOException("got response " + status(status.status()) + " "
                            + GoQuote.quote(new String(status.body(), StandardCharsets.ISO_8859_1))));
                }
                throw new CompletionException(cause);
            }
            if (body.length == 0) {
                return null;
            }
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Go's {@code resp.Status}: the code and its text. */
    static String status(int code) {
        String text = switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return text.isEmpty() ? Integer.toString(code) : code + " " + text;
    }

    /** Go's {@code net.JoinHostPort}. */
    static String joinHostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
