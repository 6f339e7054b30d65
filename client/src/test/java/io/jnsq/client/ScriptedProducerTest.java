package io.jnsq.client;

import static io.jnsq.client.ScriptedNsqd.WAIT;
import static io.jnsq.client.ScriptedNsqd.hangUp;
import static io.jnsq.client.ScriptedNsqd.error;
import static io.jnsq.client.ScriptedNsqd.frame;
import static io.jnsq.client.ScriptedNsqd.heartbeat;
import static io.jnsq.client.ScriptedNsqd.ok;
import static io.jnsq.client.ScriptedNsqd.raw;
import static io.jnsq.client.ScriptedNsqd.reset;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jnsq.client.ScriptedNsqd.Command;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer's handshake and error paths against a {@link ScriptedNsqd}. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedProducerTest {
    ScriptedNsqd nsqd;
    Producer producer;

    @BeforeEach
    void start() throws IOException {
        nsqd = new ScriptedNsqd();
    }

    @AfterEach
    void stop() throws IOException {
        if (producer != null) {
            producer.close(Duration.ofSeconds(1));
        }
        nsqd.close();
    }

    private Producer producer(Config config) {
        producer = new Producer(nsqd.address(), config);
        return producer;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private Command expect(String line) {
        Command c = nsqd.takeCommand();
        assertThat(c.line()).as("command %s", c).isEqualTo(line);
        return c;
    }

    /** What the future failed with, unwrapped; it must fail within {@link ScriptedNsqd#WAIT}, not hang. */
    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("succeeded, expected a failure");
    }

    /** A flat JSON object read with jackson-core's streaming parser. */
    static Map<String, Object> json(byte[] body) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(body)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(name, switch (value) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    default -> throw new AssertionError("unexpected " + value + " for " + name);
                });
            }
        }
        return fields;
    }

    // ---- the handshake ----

    @Test
    void identifySendsGoNsqsFieldsFromTheConfig() throws IOException {
        Config config = Config.builder().clientId("scripted").hostname("scripted.example.com")
                .heartbeatInterval(Duration.ofSeconds(5)).msgTimeout(Duration.ofSeconds(45)).sampleRate(10)
                .outputBufferSize(32768).outputBufferTimeout(Duration.ofMillis(100)).build();
        producer(config).publish("t", bytes("x"));

        Command identify = expect("IDENTIFY");
        Map<String, Object> sent = json(identify.body());
        assertThat(sent).containsEntry("client_id", "scripted")
                .containsEntry("hostname", "scripted.example.com")
                .containsEntry("feature_negotiation", true)
                .containsEntry("heartbeat_interval", 5000L)
                .containsEntry("msg_timeout", 45000L)
                .containsEntry("sample_rate", 10L)
                .containsEntry("output_buffer_size", 32768L)
                .containsEntry("output_buffer_timeout", 100L)
                .containsEntry("tls_v1", false)
                .containsEntry("snappy", false)
                .containsEntry("deflate", false)
                .containsEntry("deflate_level", 6L);
        assertThat((String) sent.get("user_agent")).startsWith("jnsq-client/");
        assertThat(expect("PUB t").bodyText()).isEqualTo("x");
    }

    @Test
    void identifySendsMinusOneForWhatTheConfigTurnsOff() throws IOException {
        Config config = Config.builder().heartbeatInterval(Duration.ofMillis(-1))
                .outputBufferTimeout(Duration.ofMillis(-1)).build();
        producer(config).ping();

        Map<String, Object> sent = json(expect("IDENTIFY").body());
        assertThat(sent).containsEntry("heartbeat_interval", -1L).containsEntry("output_buffer_timeout", -1L)
                .containsEntry("msg_timeout", 0L).containsEntry("sample_rate", 0L);
    }

    @Test
    void anNsqdThatAnswersIdentifyWithPlainOkTakesPublishes() {
        nsqd.identifyWith("OK");
        Producer p = producer(Config.defaults());
        p.publish("t", bytes("one"));
        p.multiPublish("t", List.of(bytes("two"), bytes("three")));
        p.deferredPublish("t", Duration.ofMillis(1500), bytes("later"));

        expect("IDENTIFY");
        assertThat(expect("PUB t").bodyText()).isEqualTo("one");
        assertThat(expect("MPUB t").mpubBodies()).map(b -> new String(b, UTF_8)).containsExactly("two", "three");
        assertThat(expect("DPUB t 1500").bodyText()).isEqualTo("later");
        assertThat(nsqd.connectionCount()).isEqualTo(1);
    }

    @Test
    void anUnreadableIdentifyAnswerFailsThePublish() throws Exception {
        nsqd.enqueue("IDENTIFY", ScriptedNsqd.response("{\"max_rdy_count\":"));

        assertThatThrownBy(() -> producer(Config.defaults()).publish("t", bytes("x")))
                .isInstanceOf(NsqException.class).hasMessageContaining("IDENTIFY: unreadable answer");
        nsqd.awaitDisconnected(0, WAIT); // the client hung up
    }

    @Test
    void aHeartbeatBeforeTheIdentifyAnswerIsAnsweredAndSkipped() {
        nsqd.enqueue("IDENTIFY", heartbeat(), ScriptedNsqd.response(ScriptedNsqd.IDENTIFY_JSON));
        producer(Config.defaults()).publish("t", bytes("x"));
        expect("IDENTIFY");
        expect("NOP");
        expect("PUB t");
    }

    @Test
    void heartbeatsAreAnsweredWithNopAndAreNotTakenForAnAnswer() {
        Producer p = producer(Config.defaults());
        p.ping();
        expect("IDENTIFY");

        nsqd.send(heartbeat());
        expect("NOP");

        // a heartbeat between a PUB and its OK is not the PUB's answer
        nsqd.enqueue("PUB", heartbeat(), ok());
        p.publish("t", bytes("x"));
        expect("PUB t");
        expect("NOP");
    }

    // ---- error frames ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUB  | E_BAD_TOPIC    | PUB topic name \"a b\" is not valid",
        "PUB  | E_BAD_MESSAGE  | PUB message too big 2000000 > 1048576",
        "PUB  | E_PUB_FAILED   | PUB failed exiting",
        "PUB  | E_INVALID      | PUB insufficient number of parameters",
        "PUB  | E_UNAUTHORIZED | AUTH failed for PUB on \"t\" \"\"",
        "MPUB | E_BAD_BODY     | MPUB invalid body size 0",
        "MPUB | E_MPUB_FAILED  | MPUB failed exiting",
        "DPUB | E_INVALID      | DPUB timeout 3600001 out of range 0-3600000",
        "DPUB | E_DPUB_FAILED  | DPUB failed exiting",
    })
    void anErrorFrameFailsThePublishWithNsqdsCodeAndTextThenThePendingOneAndTheNextReconnects(String verb,
            String code, String description) throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        // the answer waits for the second command, so that both are on the connection when it closes
        nsqd.enqueue(verb).enqueue("PUB", error(code + " " + description), hangUp());

        CompletableFuture<Void> failing = switch (verb) {
            case "PUB" -> p.publishAsync("t", bytes("x"));
            case "MPUB" -> p.multiPublishAsync("t", List.of(bytes("x")));
            default -> p.deferredPublishAsync("t", Duration.ofMillis(10), bytes("x"));
        };
        // another topic: PUBs for the same one waiting together would leave as one MPUB
        CompletableFuture<Void> pending = p.publishAsync("u", bytes("pending"));

        assertThat(failureOf(failing)).isInstanceOfSatisfying(NsqErrorException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.description()).isEqualTo(description);
            assertThat(e.isFatal()).isTrue();
            assertThat(e.getMessage()).isEqualTo(verb + ": " + code + " " + description);
        });
        assertThat(failureOf(pending)).isInstanceOf(NsqException.class).isNotInstanceOf(NsqErrorException.class)
                .hasMessageContaining("closed");

        nsqd.awaitDisconnected(0, WAIT);
        p.publish("t", bytes("again"));
        Command last;
        do {
            last = nsqd.takeCommand();
        } while (!last.verb().equals("PUB") || last.connection() == 0);
        assertThat(last.connection()).isEqualTo(1);
        assertThat(last.bodyText()).isEqualTo("again");
    }

    @Test
    void anErrorAnswerToIdentifyFailsThePublishAndNothingIsPublished() throws Exception {
        nsqd.enqueue("IDENTIFY", error("E_BAD_BODY IDENTIFY failed to decode JSON body"), hangUp());
        Producer p = producer(Config.defaults());

        assertThatThrownBy(() -> p.publish("t", bytes("x"))).isInstanceOfSatisfying(NsqErrorException.class, e -> {
            assertThat(e.code()).isEqualTo("E_BAD_BODY");
            assertThat(e.getMessage()).isEqualTo("IDENTIFY: E_BAD_BODY IDENTIFY failed to decode JSON body");
        });
        nsqd.awaitDisconnected(0, WAIT);
        expect("IDENTIFY");

        p.publish("t", bytes("y")); // a new connection, and this nsqd accepts it
        assertThat(expect("IDENTIFY").connection()).isEqualTo(1);
        assertThat(expect("PUB t").bodyText()).isEqualTo("y");
    }

    // ---- AUTH ----

    private static final String AUTH_REQUIRED = ScriptedNsqd.IDENTIFY_JSON.replace("\"auth_required\":false",
            "\"auth_required\":true");

    @Test
    void authRequiredWithASecretSendsAuthBeforeThePublish() {
        nsqd.identifyWith(AUTH_REQUIRED);
        producer(Config.builder().authSecret("s3cret").build()).publish("t", bytes("x"));

        expect("IDENTIFY");
        assertThat(expect("AUTH").bodyText()).isEqualTo("s3cret");
        assertThat(expect("PUB t").bodyText()).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"E_AUTH_FAILED AUTH failed", "E_UNAUTHORIZED AUTH no authorizations found"})
    void anErrorAnswerToAuthFailsThePublishWithItsCode(String text) throws Exception {
        nsqd.identifyWith(AUTH_REQUIRED).enqueue("AUTH", error(text), hangUp());
        Producer p = producer(Config.builder().authSecret("wrong").build());

        assertThatThrownBy(() -> p.publish("t", bytes("x"))).isInstanceOfSatisfying(NsqErrorException.class,
                e -> assertThat(e.code()).isEqualTo(text.substring(0, text.indexOf(' '))));
        nsqd.awaitDisconnected(0, WAIT);
        expect("IDENTIFY");
        expect("AUTH");
        assertThat(nsqd.connectionCount()).isEqualTo(1);
    }

    @Test
    void authRequiredWithoutASecretFailsClearlyAndSendsNoAuth() throws Exception {
        nsqd.identifyWith(AUTH_REQUIRED);
        Producer p = producer(Config.defaults());

        assertThatThrownBy(() -> p.publish("t", bytes("x"))).isInstanceOf(NsqException.class)
                .isNotInstanceOf(NsqErrorException.class)
                .hasMessageContaining("requires AUTH").hasMessageContaining("auth_secret");
        nsqd.awaitDisconnected(0, WAIT); // the client hung up
        expect("IDENTIFY");
        // the end of connection #0 was awaited: had anything else been sent on it, it would be recorded by now
        assertThat(nsqd.pollCommand(Duration.ZERO)).isNull();
    }

    // ---- broken connections ----

    @Test
    void closedBeforeAnsweringFailsThePublish() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("PUB", hangUp());

        assertThat(failureOf(p.publishAsync("t", bytes("x")))).isInstanceOf(NsqException.class)
                .isNotInstanceOf(NsqErrorException.class).hasMessageContaining("closed");
        nsqd.awaitDisconnected(0, WAIT);
    }

    @Test
    void aTruncatedFrameThenCloseFailsEveryPendingPublish() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        // announces 100 bytes, sends 6 of them, once both publishes are on the connection
        nsqd.enqueue("PUB").enqueue("PUB", raw(ByteBuffer.allocate(10).putInt(100).putInt(0).put(bytes("OK")).array()),
                hangUp());

        CompletableFuture<Void> first = p.publishAsync("t", bytes("1"));
        CompletableFuture<Void> second = p.publishAsync("u", bytes("2")); // two topics: never merged into an MPUB
        assertThat(failureOf(first)).isInstanceOf(NsqException.class).hasMessageContaining("closed");
        assertThat(failureOf(second)).isInstanceOf(NsqException.class).hasMessageContaining("closed");
    }

    @Test
    void aFrameCutInsideItsSizeThenCloseFailsThePublish() {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("PUB", raw(new byte[] {0, 0}), hangUp());

        assertThat(failureOf(p.publishAsync("t", bytes("x")))).isInstanceOf(NsqException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aTruncatedIdentifyAnswerFailsThePublish() {
        nsqd.enqueue("IDENTIFY", raw(ByteBuffer.allocate(9).putInt(40).putInt(0).put((byte) '{').array()), hangUp());

        assertThatThrownBy(() -> producer(Config.defaults()).publish("t", bytes("x")))
                .isInstanceOf(NsqException.class).hasMessageContaining("closed");
    }

    @Test
    void aResetConnectionFailsThePublish() {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("PUB", reset());

        assertThat(failureOf(p.publishAsync("t", bytes("x")))).isInstanceOf(NsqException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void silenceLongerThanReadTimeoutClosesTheConnectionAndFailsThePublish() throws Exception {
        Config config = Config.builder().readTimeout(Duration.ofMillis(200)).heartbeatInterval(Duration.ofMillis(-1))
                .build();
        Producer p = producer(config);
        p.ping();
        nsqd.enqueue("PUB"); // no answer, no heartbeat

        long start = System.nanoTime();
        Throwable failure = failureOf(p.publishAsync("t", bytes("x")));
        assertThat(failure).isInstanceOf(NsqException.class).hasMessageContaining("read_timeout")
                .hasMessageContaining("200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        nsqd.awaitDisconnected(0, WAIT); // the client hung up
    }

    @Test
    void anUnknownFrameTypeClosesTheConnectionAndFailsThePublish() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("PUB", frame(7, bytes("what")));

        assertThat(failureOf(p.publishAsync("t", bytes("x")))).isInstanceOf(NsqException.class)
                .hasMessageContaining("closed").hasMessageContaining("unknown frame type 7");
        nsqd.awaitDisconnected(0, WAIT); // the client hung up
    }

    @Test
    void anImpossibleFrameSizeClosesTheConnectionAndFailsThePublish() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("PUB", raw(ByteBuffer.allocate(8).putInt(2).putInt(0).array()));

        assertThat(failureOf(p.publishAsync("t", bytes("x")))).isInstanceOf(NsqException.class)
                .hasMessageContaining("closed").hasMessageContaining("invalid frame size 2");
        nsqd.awaitDisconnected(0, WAIT); // the client hung up
    }

    // ---- PUBs merged into an MPUB ----

    /**
     * Keeps every client event loop busy until the returned action runs, so that what is published meanwhile waits
     * in the queue together, as when many threads publish at once.
     */
    private static Runnable holdEventLoops() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<EventExecutor> loops = new ArrayList<>();
        ClientLoops open = ClientLoops.acquire(); // the producer's: it is open, so this is the same group
        open.group().forEach(loops::add);
        ClientLoops.release(open);
        CountDownLatch held = new CountDownLatch(loops.size());
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                held.countDown();
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        return release::countDown;
    }

    @Test
    void pubsWaitingTogetherForOneTopicLeaveAsOneMpubAndEachCompletesWithItsAnswer() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        expect("IDENTIFY");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        Runnable release = holdEventLoops();
        try {
            sent.add(p.publishAsync("t", bytes("a")));
            sent.add(p.publishAsync("t", bytes("b")));
            sent.add(p.publishAsync("u", bytes("c")));
            sent.add(p.publishAsync("t", bytes("d")));
            sent.add(p.publishAsync("t", new byte[0])); // refused by nsqd: never shares the fate of others
            sent.add(p.publishAsync("t", bytes("e")));
            sent.add(p.publishAsync("t", new byte[70_000])); // past the 64 KiB an MPUB of merged PUBs carries
        } finally {
            release.run();
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(expect("MPUB t").mpubBodies()).extracting(b -> new String(b, UTF_8)).containsExactly("a", "b");
        assertThat(expect("PUB u").bodyText()).isEqualTo("c");
        assertThat(expect("PUB t").bodyText()).isEqualTo("d");
        assertThat(expect("PUB t").body()).isEmpty();
        assertThat(expect("PUB t").bodyText()).isEqualTo("e");
        assertThat(expect("PUB t").body()).hasSize(70_000);
    }

    @Test
    void anErrorForMergedPubsFailsEachOfThemWithNsqdsCodeAndText() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        nsqd.enqueue("MPUB", error("E_MPUB_FAILED MPUB failed exiting"), hangUp());
        CompletableFuture<Void> first;
        CompletableFuture<Void> second;
        Runnable release = holdEventLoops();
        try {
            first = p.publishAsync("t", bytes("a"));
            second = p.publishAsync("t", bytes("b"));
        } finally {
            release.run();
        }
        for (CompletableFuture<Void> f : List.of(first, second)) {
            assertThat(failureOf(f)).isInstanceOfSatisfying(NsqErrorException.class, e -> {
                assertThat(e.code()).isEqualTo("E_MPUB_FAILED");
                assertThat(e.getMessage()).isEqualTo("PUB (one of 2 sent as one MPUB): E_MPUB_FAILED MPUB failed exiting");
            });
        }
    }

    // ---- bugs ----

    @Test
    void publishesMadeWhileConnectingAreSentInTheOrderTheyWereMade() {
        Producer p = producer(Config.defaults());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(p.publishAsync("t", bytes("m" + i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        expect("IDENTIFY");
        // those queued together leave as one MPUB, the others as PUBs: either way, in order
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < 5) {
            Command c = nsqd.takeCommand();
            assertThat(c.line()).isIn("PUB t", "MPUB t");
            if (c.verb().equals("PUB")) {
                bodies.add(c.bodyText());
            } else {
                c.mpubBodies().forEach(b -> bodies.add(new String(b, UTF_8)));
            }
        }
        assertThat(bodies).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void aPublishRightAfterAFatalErrorGoesToANewConnection() throws Exception {
        Producer p = producer(Config.defaults());
        p.ping();
        // nsqd closes the connection after a fatal error; this one is slow to, as a real one may be to the client
        nsqd.enqueue("PUB", error("E_BAD_TOPIC PUB topic name \"a b\" is not valid"));

        assertThatThrownBy(() -> p.publish("a b", bytes("x"))).isInstanceOf(NsqErrorException.class);
        p.publish("t", bytes("retry"));
        Command retry;
        do {
            retry = nsqd.takeCommand();
        } while (!retry.line().equals("PUB t"));
        assertThat(retry.connection()).as("the connection of the retry").isEqualTo(1);
    }
}
