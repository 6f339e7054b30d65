package io.jnsq.nsqd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.Version;
import io.jnsq.common.json.Json;
import io.jnsq.diskqueue.AtomicFile;
import io.jnsq.diskqueue.DiskQueue;
import io.jnsq.protocol.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nsqd.dat}: the topics and channels nsqd had, and which were paused, in NSQ's JSON
 * ({@code {"topics":[{"name":"t","paused":false,"channels":[{"name":"c","paused":true}]}],"version":"1.3.0"}}).
 * Written with {@link AtomicFile}.
 */
final class Metadata {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    /** A rewrite is queued and has not started. */
    private final AtomicBoolean writePending = new AtomicBoolean();
    static final String FILE_NAME = "nsqd.dat";
    /**
     * Jackson's streaming core, without the mapper: nsqd writes the file as it starts, and the mapper (with all it
     * brings in) is for later.
     */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * A topic or channel as remembered: its name, whether it was paused, and a topic's channels ({@code null} for a
     * channel).
     */
    record Entry(String name, boolean paused, List<Entry> channels) {
    }

    private final Path file;

    /** What the file keeps of the live topics: every non-ephemeral topic and channel, and whether it is paused. */
    static List<Entry> snapshot(Collection<Topic> topics) {
        List<Entry> entries = new ArrayList<>();
        for (Topic topic : topics) {
            if (topic.isEphemeral()) {
                continue;
            }
            List<Entry> channels = new ArrayList<>();
            for (Channel channel : topic.channels()) {
                if (!channel.isEphemeral()) {
                    channels.add(new Entry(channel.name(), channel.isPaused(), null));
                }
            }
            entries.add(new Entry(topic.name(), topic.isPaused(), channels));
        }
        return entries;
    }

    /**
     * Recreates the topics ({@code topicOf} makes one) and channels of {@code entries}, paused as they were; an
     * invalid name is skipped with NSQ's warning.
     */
    static void restore(List<Entry> entries, Function<String, Topic> topicOf) {
        for (Entry t : entries) {
            if (!Names.isValidTopicName(t.name())) {
                log.warn("skipping creation of invalid topic {}", t.name());
                continue;
            }
            Topic topic = topicOf.apply(t.name());
            for (Entry c : t.channels()) {
                if (!Names.isValidChannelName(c.name())) {
                    log.warn("skipping creation of invalid channel {}", c.name());
                    continue;
                }
                Channel channel = topic.channel(c.name());
                if (c.paused()) {
                    channel.pause();
                }
            }
            if (t.paused()) {
                topic.pause();
            }
        }
    }

    Metadata(Path dataPath) {
        this.file = dataPath.resolve(FILE_NAME);
    }

    /**
     * What the file holds; nothing when there is no file yet. A file that does not parse (it can only be damaged
     * from outside: nsqd replaces it atomically) is kept as {@code nsqd.dat.bad}, and the topics and channels are
     * recovered from the names of their queue files, unpaused, rather than refusing to start as NSQ does.
     */
    List<Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return Parser.topics(bytes);
        } catch (IOException damaged) {
            Path bad = file.resolveSibling(file.getFileName() + ".bad");
            Files.move(file, bad, StandardCopyOption.REPLACE_EXISTING);
            List<Entry> recovered = fromQueueFiles(file.getParent());
            log.error("{}; kept as {}, and {} topics recovered from the queue files in {} (paused flags lost)",
                    damaged.getMessage().lines().findFirst().orElse(""), bad.getFileName(), recovered.size(),
                    file.getParent());
            return recovered;
        }
    }

    /** Every topic and channel that has a file of its queue in {@code dataPath}, sorted by name. */
    private static List<Entry> fromQueueFiles(Path dataPath) throws IOException {
        Map<String, TreeSet<String>> topics = new TreeMap<>();
        try (Stream<Path> files = Files.list(dataPath)) {
            files.map(f -> DiskQueue.queueOf(f.getFileName().toString())).filter(Objects::nonNull)
                    .forEach(queue -> {
                        // ':' separates topic and channel, ';' on Windows; neither is allowed in a name
                        int colon = Math.max(queue.indexOf(':'), queue.indexOf(';'));
                        String topic = colon < 0 ? queue : queue.substring(0, colon);
                        TreeSet<String> channels = topics.computeIfAbsent(topic, t -> new TreeSet<>());
                        if (colon >= 0) {
                            channels.add(queue.substring(colon + 1));
                        }
                    });
        }
        List<Entry> entries = new ArrayList<>();
        topics.forEach((topic, channels) -> entries.add(new Entry(topic, false,
                channels.stream().map(channel -> new Entry(channel, false, null)).toList())));
        return entries;
    }

    /**
     * Reads the file with Jackson's mapper, which nsqd's start loads only when there is a file: a class that uses it
     * (even in code not run) brings the mapper's hundreds of classes into the Java 25 AOT cache of the start.
     */
    private static final class Parser {
        static List<Entry> topics(byte[] bytes) throws IOException {
            JsonNode root;
            try {
                root = Json.mapper().readTree(bytes);
            } catch (IOException e) {
                throw new IOException("failed to parse metadata - " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                // an empty file reads as no JSON at all, where Go's Unmarshal fails
                throw new IOException("failed to parse metadata - not a JSON object");
            }
            List<Entry> topics = new ArrayList<>();
            for (JsonNode topic : root.path("topics")) {
                List<Entry> channels = new ArrayList<>();
                for (JsonNode channel : topic.path("channels")) {
                    channels.add(new Entry(channel.path("name").asText(), channel.path("paused").asBoolean(),
                            null));
                }
                topics.add(new Entry(topic.path("name").asText(), topic.path("paused").asBoolean(), channels));
            }
            return topics;
        }
    }

    /**
     * Rewrites the file on {@code executor}, as NSQ does in a goroutine of its own, with what {@code topics} gives
     * when the write starts: one write serves every change made before it. Run here when {@code executor} refuses
     * (nsqd is stopping).
     */
    void writeSoon(Executor executor, Supplier<List<Entry>> topics) {
        if (!writePending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> writeNow(topics));
        } catch (RejectedExecutionException e) {
            writeNow(topics);
        }
    }

    /** Rewrites the file now; a failure is logged: the topics themselves keep working. */
    void writeNow(Supplier<List<Entry>> topics) {
        writePending.set(false);
        synchronized (this) {
            try {
                write(topics.get());
            } catch (IOException e) {
                log.error("failed to persist metadata - {}", e.getMessage());
            }
        }
    }

    /**
     * Replaces the file with {@code topics}, atomically. Streamed rather than built as a tree: a fresh nsqd writes
     * the file as it starts, and should not spend the time a JSON mapper takes to set up.
     */
    void write(List<Entry> topics) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeFieldName("topics");
            writeEntries(json, topics);
            json.writeStringField("version", Version.NSQ);
            json.writeEndObject();
        }
        AtomicFile.write(file, bytes.toByteArray());
    }

    /** An array of topics or channels, or {@code null} for none, as Go writes a nil slice. */
    private static void writeEntries(JsonGenerator json, List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Entry entry : entries) {
            json.writeStartObject();
            json.writeStringField("name", entry.name());
            json.writeBooleanField("paused", entry.paused());
            if (entry.channels() != null) {
                json.writeFieldName("channels");
                writeEntries(json, entry.channels());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
