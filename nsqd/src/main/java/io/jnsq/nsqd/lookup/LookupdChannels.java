package io.jnsq.nsqd.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.http.NsqHttpClient;
import io.jnsq.common.json.Json;
import io.jnsq.protocol.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks nsqlookupds which channels a topic has in the cluster (NSQ's {@code GetLookupdTopicChannels}), so that a
 * topic new to this nsqd gets those channels before its first message goes anywhere.
 */
public final class LookupdChannels {
    private static final Logger log = LoggerFactory.getLogger(LookupdChannels.class);

    private final NsqHttpClient http;

    public LookupdChannels(NsqHttpClient http) {
        this.http = http;
    }

    /**
     * Queries every lookupd at once.
     *
     * @param httpAddresses lookupds' {@code host:port} HTTP addresses
     * @return the union of their channels, sorted; never fails: a lookupd that does not answer is logged and left
     *     out, as NSQ creates what the others named
     */
    public CompletableFuture<List<String>> of(String topic, List<String> httpAddresses) {
        List<CompletableFuture<List<String>>> answers = new ArrayList<>(httpAddresses.size());
        for (String address : httpAddresses) {
            String url = "http://" + address + "/channels?topic=" + NsqHttpClient.queryEscape(topic);
            log.info("CI: querying nsqlookupd {}", url);
            answers.add(http.get(url).thenApply(LookupdChannels::channels).exceptionally(error -> {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                log.warn("failed to query nsqlookupd for channels to pre-create for topic {} - {}: {}",
                        topic, url, cause.toString());
                return List.of();
            }));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(all -> {
            TreeSet<String> union = new TreeSet<>();
            answers.forEach(answer -> union.addAll(answer.join()));
            return List.copyOf(union);
        });
    }

    /**
     * The channels of {@link #of} that a new topic gets: not the ephemeral ones, which no consumer would ever
     * drain, nor names nsqd would refuse (logged).
     */
    public CompletableFuture<List<String>> toPrecreate(String topic, List<String> httpAddresses) {
        return of(topic, httpAddresses).thenApply(channels -> channels.stream().filter(channel -> {
            if (Names.isEphemeral(channel)) {
                return false;
            }
            if (!Names.isValidChannelName(channel)) {
                log.warn("TOPIC({}): skipping pre-creation of invalid channel {}", topic, channel);
                return false;
            }
            return true;
        }).toList());
    }

    /** {@code {"channels": [...]}}. */
    private static List<String> channels(byte[] body) {
        try {
            JsonNode channels = Json.mapper().readTree(body).get("channels");
            if (channels == null || !channels.isArray()) {
                throw new IOException("no channels array in " + new String(body, StandardCharsets.UTF_8));
            }
            List<String> names = new ArrayList<>(channels.size());
            channels.forEach(name -> names.add(name.asText()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
