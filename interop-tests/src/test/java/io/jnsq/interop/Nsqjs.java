package io.jnsq.interop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/js/interop.js}: nsqjs (npm {@code nsqjs}) publishing and/or consuming through our nsqd as
 * a {@link Plan} says. The script reports JSON events on stdout, one a line; its stderr (with nsqjs's own
 * protocol trace, {@code DEBUG=nsqjs:*}) goes into every failure message.
 */
final class Nsqjs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_TAIL_LINES = 200;
    /** The script's hard limit is this much under the Java side's, so that the script reports what it had. */
    private static final Duration SCRIPT_SLACK = Duration.ofSeconds(2);

    /**
     * What the script is to do, see interop.js; a null part is left out. {@code timeoutMs} is the script's own
     * hard limit, a little under the {@link NsqdTestBase#WAIT} the Java side gives it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Plan(String nsqd, String topic, String channel, long timeoutMs, Consume consume, Publish publish,
            Map<String, Object> clientOptions) {
        Plan(String nsqd, String topic, String channel, Consume consume, Publish publish) {
            this(nsqd, topic, channel, consume, publish, null);
        }

        /** {@code clientOptions} go to both the Reader and the Writer, e.g. {@code snappy: true}. */
        Plan(String nsqd, String topic, String channel, Consume consume, Publish publish,
                Map<String, Object> clientOptions) {
            this(nsqd, topic, channel, NsqdTestBase.WAIT.minus(SCRIPT_SLACK).toMillis(), consume, publish,
                    clientOptions);
        }
    }

    /**
     * A Reader that expects each body, requeues each of {@code requeue} once (delay 0), and FINs the rest; it
     * finds its nsqds through the {@code lookupd} HTTP addresses, or connects to the plan's nsqd when null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Consume(List<String> expect, List<String> requeue, int maxInFlight, List<String> lookupd) {
        Consume(List<String> expect, List<String> requeue, int maxInFlight) {
            this(expect, requeue, maxInFlight, null);
        }
    }

    /** A Writer: one PUB per body of {@code pub}, then one MPUB of {@code mpub}, then one DPUB per deferred body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Publish(List<String> pub, List<String> mpub, Deferred dpub) {
    }

    record Deferred(long delayMs, List<String> bodies) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Published(int pub, int mpub, int dpub) {
    }

    /** The script's final report; times are milliseconds since the script started. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Summary(Published published, List<Delivery> received, Map<String, Long> deferredAtMillis) {
    }

    private final Process process;
    private final BlockingQueue<Optional<JsonNode>> events = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;

    private Nsqjs(Process process) {
        this.process = process;
        daemon("nsqjs-stdout", () -> readEvents(process.getInputStream()));
        stderrReader = daemon("nsqjs-stderr", () -> readStderr(process.getErrorStream()));
    }

    /** Starts the script on {@code plan}. */
    static Nsqjs start(Plan plan) throws IOException {
        Path jsDir = Path.of(System.getProperty("interop.jsDir", "src/test/js"));
        if (!Files.isDirectory(jsDir.resolve("node_modules/nsqjs"))) {
            throw new IllegalStateException("nsqjs is not installed in " + jsDir.toAbsolutePath()
                    + ": the build runs `npm ci` there (exec-maven-plugin, generate-test-resources)");
        }
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("interop.node", "node"), "interop.js")
                .directory(jsDir.toFile());
        builder.environment().put("DEBUG", "nsqjs:*");
        Nsqjs nsqjs = new Nsqjs(builder.start());
        try (OutputStream stdin = nsqjs.process.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(plan));
        }
        return nsqjs;
    }

    /** Runs a plan to its end: its summary, the script having exited 0. */
    static Summary run(Plan plan) throws Exception {
        try (Nsqjs nsqjs = start(plan)) {
            return nsqjs.awaitSummary(NsqdTestBase.WAIT);
        }
    }

    /** Waits for the next event named {@code name}; fails on an error or timeout event, or if node exits first. */
    JsonNode awaitEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw failure("no '" + name + "' event from nsqjs within " + timeout);
            }
            if (next.isEmpty()) {
                throw failure("nsqjs exited (" + exitCode() + ") before its '" + name + "' event");
            }
            String event = next.get().path("event").asText();
            if (event.equals(name)) {
                return next.get();
            }
            if (event.equals("error") || event.equals("timeout")) {
                throw failure("nsqjs reported " + abbreviateBodies(next.get()));
            }
        }
    }

    /** Waits for the summary event, then for node to exit 0. */
    Summary awaitSummary(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode summary = awaitEvent("summary", timeout);
        if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw failure("nsqjs reported its summary but did not exit within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw failure("nsqjs exited " + process.exitValue() + " after its summary");
        }
        return JSON.treeToValue(summary, Summary.class);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private String exitCode() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            return process.isAlive() ? "still running" : "exit code " + process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private AssertionError failure(String message) {
        if (!process.isAlive()) {
            try {
                stderrReader.join(TimeUnit.SECONDS.toMillis(1)); // its last lines tell most
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return new AssertionError(message + "\n--- nsqjs stderr (last " + tail.size() + " lines) ---\n"
                + String.join("\n", tail));
    }

    /** The event with each received body {@linkplain Deliveries#label labelled}, for a failure message. */
    private static JsonNode abbreviateBodies(JsonNode event) {
        JsonNode copy = event.deepCopy();
        for (JsonNode received : copy.path("received")) {
            ((ObjectNode) received).put("body", Deliveries.label(received.path("body").asText()));
        }
        return copy;
    }

    private void readEvents(InputStream stdout) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("{")) {
                    events.add(Optional.of(JSON.readTree(line)));
                } else {
                    keepStderr("[stdout] " + line);
                }
            }
        } catch (IOException e) {
            keepStderr("[reading stdout failed] " + e);
        } finally {
            events.add(Optional.empty());
        }
    }

    private void readStderr(InputStream stderr) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                keepStderr(line);
            }
        } catch (IOException e) {
            keepStderr("[reading stderr failed] " + e);
        }
    }

    private void keepStderr(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL_LINES) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
