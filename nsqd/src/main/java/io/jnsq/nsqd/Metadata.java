package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nsqd.dat}: the topics and channels nsqd had, and which were paused, in NSQ's JSON
 * ({@code {"topics":[{"name":"t","paused":false,"channels":[{"name":"c","paused":true}]}],"version":"1.3.0"}}).
 * Written with {@link AtomicFile}.
 */
final class Metadata {
    static final String FILE_NAME = "nsqd.dat";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A topic or channel as remembered: its name and whether it was paused. */
    record Entry(String name, boolean paused, List<Entry> channels) {
    }

    private final Path file;

    Metadata(Path dataPath) {
        this.file = dataPath.resolve(FILE_NAME);
    }

    /** What the file holds; nothing when there is no file yet. */
    List<Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("failed to parse metadata - " + e.getMessage(), e);
        }
        List<Entry> topics = new ArrayList<>();
        for (JsonNode topic : root.path("topics")) {
            List<Entry> channels = new ArrayList<>();
            for (JsonNode channel : topic.path("channels")) {
                channels.add(new Entry(channel.path("name").asText(), channel.path("paused").asBoolean(), List.of()));
            }
            topics.add(new Entry(topic.path("name").asText(), topic.path("paused").asBoolean(), channels));
        }
        return topics;
    }

    /** Replaces the file with {@code topics}, atomically. */
    void write(List<Entry> topics) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (topics.isEmpty()) {
            root.putNull("topics");
        } else {
            ArrayNode topicArray = root.putArray("topics");
            for (Entry topic : topics) {
                ObjectNode t = topicArray.addObject().put("name", topic.name()).put("paused", topic.paused());
                if (topic.channels().isEmpty()) {
                    t.putNull("channels");
                } else {
                    ArrayNode channelArray = t.putArray("channels");
                    for (Entry channel : topic.channels()) {
                        channelArray.addObject().put("name", channel.name()).put("paused", channel.paused());
                    }
                }
            }
        }
        root.put("version", Nsqd.VERSION);
        AtomicFile.write(file, JSON.writeValueAsBytes(root));
    }
}
