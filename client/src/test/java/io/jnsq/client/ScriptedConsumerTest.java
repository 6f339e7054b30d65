package io.jnsq.client;

import static io.jnsq.client.ScriptedNsqd.WAIT;
import static io.jnsq.client.ScriptedNsqd.error;
import static io.jnsq.client.ScriptedNsqd.hangUp;
import static io.jnsq.client.ScriptedNsqd.heartbeat;
import static io.jnsq.client.ScriptedNsqd.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.client.ScriptedNsqd.Command;
import io.jnsq.testwire.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consumer's RDY, FIN, REQ, backoff, max_attempts and close against a {@link ScriptedNsqd}, after go-nsq's
 * consumer tests with their mock nsqd (TestConsumerBackoff, TestConsumerRequeueNoBackoff,
 * TestConsumerBackoffDisconnect). The tests deliver a message only when the client's RDY allows one, as nsqd would.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedConsumerTest {
    static final String GOOD_1 = "g000000000000001";
    static final String GOOD_2 = "g000000000000002";
    static final String GOOD_3 = "g000000000000003";
    static final String GOOD_4 = "g000000000000004";
    static final String BAD_1 = "b000000000000001";
    static final String BAD_2 = "b000000000000002";
    static final String NO_BACKOFF = "n000000000000001";

    ScriptedNsqd nsqd;
    Consumer consumer;
    /** The bodies the handler was given, in order. */
    final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    /** The RDY count last sent on each connection, to tell a new RDY from a repeated one. */
    final Map<Integer, Long> rdy = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        nsqd = new ScriptedNsqd();
    }

    @AfterEach
    void stop() throws IOException {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
        nsqd.close();
    }

    /** Handles by body: "bad" throws, "no-backoff" requeues without backoff, anything else succeeds. */
    private Consumer subscribe(Config config) {
        consumer = new Consumer("t", "ch", config, m -> {
            handled.add(m.bodyText());
            switch (m.bodyText()) {
                case "bad" -> throw new IllegalStateException("bad message");
                case "no-backoff" -> m.requeueWithoutBackoff(Duration.ofMillis(250));
                default -> { }
            }
        });
        consumer.connectToNsqd(nsqd.address());
        assertThat(nsqd.takeCommand().line()).isEqualTo("IDENTIFY");
        assertThat(nsqd.takeCommand().line()).isEqualTo("SUB t ch");
        return consumer;
    }

    private static Config.Builder fastBackoff() {
        return Config.builder().backoffMultiplier(Duration.ofMillis(50)).defaultRequeueDelay(Duration.ofSeconds(2))
                .maxRequeueDelay(Duration.ofSeconds(5));
    }

    /**
     * The next command but a RDY that repeats the count in force on its connection: it changes nothing at nsqd, and
     * jnsq sends one where go-nsq does not (see {@link #mirrorsGoNsqsConsumerRequeueNoBackoff}).
     */
    private Command next() {
        while (true) {
            Command c = nsqd.takeCommand();
            if (!c.verb().equals("RDY")) {
                return c;
            }
            Long count = Long.valueOf(c.args().get(0));
            if (!count.equals(rdy.put(c.connection(), count))) {
                return c;
            }
        }
    }

    private Command expect(String line) {
        Command c = next();
        assertThat(c.line()).as("command %s", c).isEqualTo(line);
        return c;
    }

    private String handledNext() throws InterruptedException {
        String body = handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(body).as("a message handled").isNotNull();
        return body;
    }

    private static Duration between(Command earlier, Command later) {
        return Duration.ofNanos(later.receivedNanos() - earlier.receivedNanos());
    }

    @Test
    void rdyIsMaxInFlightAfterSubAndAHandledMessageIsFinished() throws Exception {
        subscribe(Config.builder().maxInFlight(3).build());
        expect("RDY 3");

        nsqd.send(message(GOOD_1, 1, "hello"));
        expect("FIN " + GOOD_1);
        assertThat(handledNext()).isEqualTo("hello");

        nsqd.send(message(GOOD_2, 1, "again"));
        expect("FIN " + GOOD_2);
        // the FIN leaves before the count goes up
        Await.until(WAIT, () -> consumer.stats().equals(new ConsumerStats(2, 2, 0, 1)), "2 received, 2 finished");
    }

    @Test
    void rdyIsCappedAtTheMaxRdyCountNsqdAnnounced() {
        nsqd.identifyWith(ScriptedNsqd.IDENTIFY_JSON.replace("\"max_rdy_count\":2500", "\"max_rdy_count\":10"));
        subscribe(Config.builder().maxInFlight(100).build());
        expect("RDY 10");
    }

    @Test
    void heartbeatsAreAnsweredWithNop() {
        subscribe(Config.defaults());
        expect("RDY 1");
        nsqd.send(heartbeat());
        expect("NOP");
    }

    @Test
    void aFailingHandlerRequeuesWithTheDefaultDelayAndBacksOffThenSuccessesResume() throws Exception {
        subscribe(fastBackoff().maxInFlight(5).build());
        expect("RDY 5");
        nsqd.send(message(GOOD_1, 1, "good"));
        expect("FIN " + GOOD_1);

        // default_requeue_delay x attempts: 2 s x 2
        nsqd.send(message(BAD_1, 2, "bad"));
        expect("REQ " + BAD_1 + " 4000");
        Command rdy0 = expect("RDY 0");
        Command rdy1 = expect("RDY 1"); // backoff level 1: 2 x 50 ms
        assertThat(between(rdy0, rdy1)).isGreaterThanOrEqualTo(Duration.ofMillis(80));

        // 2 s x 3 is past max_requeue_delay: 5 s
        nsqd.send(message(BAD_2, 3, "bad"));
        expect("REQ " + BAD_2 + " 5000");
        rdy0 = expect("RDY 0");
        rdy1 = expect("RDY 1"); // backoff level 2: 4 x 50 ms
        assertThat(between(rdy0, rdy1)).isGreaterThanOrEqualTo(Duration.ofMillis(180));

        // a success lowers the level by one: still backing off
        nsqd.send(message(GOOD_2, 1, "good"));
        expect("FIN " + GOOD_2);
        rdy0 = expect("RDY 0");
        rdy1 = expect("RDY 1");
        assertThat(between(rdy0, rdy1)).isGreaterThanOrEqualTo(Duration.ofMillis(80));

        // the next ends the backoff
        nsqd.send(message(GOOD_3, 1, "good"));
        expect("FIN " + GOOD_3);
        expect("RDY 5");

        assertThat(List.of(handledNext(), handledNext(), handledNext(), handledNext(), handledNext()))
                .containsExactly("good", "bad", "bad", "good", "good");
        assertThat(consumer.stats()).isEqualTo(new ConsumerStats(5, 3, 2, 1));
    }

    @Test
    void aRequeueWithoutBackoffSendsReqAndNoRdy0() throws Exception {
        subscribe(fastBackoff().maxInFlight(1).build());
        expect("RDY 1");

        nsqd.send(message(NO_BACKOFF, 1, "no-backoff"));
        expect("REQ " + NO_BACKOFF + " 250");
        // one handler thread: had the REQ brought a RDY 0, it would come before this message's FIN
        nsqd.send(message(GOOD_1, 1, "good"));
        expect("FIN " + GOOD_1);
        assertThat(consumer.stats().messagesRequeued()).isEqualTo(1);
    }

    @Test
    void aRequeueWithoutBackoffDuringABackoffKeepsTheBackoffLevel() throws Exception {
        subscribe(fastBackoff().maxInFlight(1).build());
        expect("RDY 1");
        nsqd.send(message(BAD_1, 1, "bad"));
        expect("REQ " + BAD_1 + " 2000");
        expect("RDY 0");
        expect("RDY 1");

        // as go-nsq: neither deeper nor out of the backoff, which goes on at its level
        nsqd.send(message(NO_BACKOFF, 1, "no-backoff"));
        expect("REQ " + NO_BACKOFF + " 250");
        Command rdy0 = expect("RDY 0");
        Command rdy1 = expect("RDY 1");
        assertThat(between(rdy0, rdy1)).isGreaterThanOrEqualTo(Duration.ofMillis(80));

        nsqd.send(message(GOOD_1, 1, "good"));
        expect("FIN " + GOOD_1);
        nsqd.send(message(GOOD_2, 1, "good"));
        expect("FIN " + GOOD_2); // out of backoff: no RDY 0 came between
    }

    @Test
    void aMessagePastMaxAttemptsGoesToTheHookNotTheHandlerAndIsFinished() throws Exception {
        subscribe(Config.builder().maxAttempts(3).build());
        BlockingQueue<Message> givenUp = new LinkedBlockingQueue<>();
        consumer.onMaxAttemptsExceeded(givenUp::add);
        expect("RDY 1");

        nsqd.send(message(BAD_1, 4, "too many"));
        expect("FIN " + BAD_1);
        Message m = givenUp.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).isNotNull();
        assertThat(m.id()).isEqualTo(BAD_1);
        assertThat(m.attempts()).isEqualTo(4);
        assertThat(m.bodyText()).isEqualTo("too many");

        nsqd.send(message(GOOD_1, 3, "last try")); // attempts == max_attempts is still handled
        expect("FIN " + GOOD_1);
        assertThat(handledNext()).isEqualTo("last try");
        assertThat(handled).isEmpty();
        assertThat(givenUp).isEmpty();
    }

    @Test
    void closeSendsClsAndFinishesTheMessageInHandBeforeClosing() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        consumer = new Consumer("t", "ch", Config.defaults(), m -> {
            inHandler.countDown();
            assertThat(release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        });
        consumer.connectToNsqd(nsqd.address());
        expect("IDENTIFY");
        expect("SUB t ch");
        expect("RDY 1");
        nsqd.send(message(GOOD_1, 1, "slow"));
        assertThat(inHandler.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> consumer.close(WAIT));
        expect("CLS"); // the fake answers CLOSE_WAIT
        assertThat(closing).isNotDone();
        release.countDown();
        expect("FIN " + GOOD_1);
        nsqd.awaitDisconnected(0, WAIT);
        closing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(consumer.stopFuture()).isDone();
        assertThat(nsqd.pollCommand(Duration.ZERO)).as("nothing after the FIN").isNull();
    }

    @Test
    void anErrorAnswerToSubFailsTheConnect() throws Exception {
        nsqd.enqueue("SUB", error("E_BAD_TOPIC SUB topic name \"t\" is not valid"), hangUp());
        consumer = new Consumer("t", "ch", Config.defaults(), m -> { });

        assertThatThrownBy(() -> consumer.connectToNsqd(nsqd.address()))
                .isInstanceOfSatisfying(NsqErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo("E_BAD_TOPIC");
                    assertThat(e.description()).isEqualTo("SUB topic name \"t\" is not valid");
                });
        nsqd.awaitDisconnected(0, WAIT);
        assertThat(consumer.stats().connections()).isZero();
    }

    @Test
    void aFinFailedErrorKeepsTheConnection() throws Exception {
        subscribe(Config.defaults());
        expect("RDY 1");
        nsqd.enqueue("FIN", error("E_FIN_FAILED FIN " + GOOD_1 + " failed ID not in flight"));
        nsqd.send(message(GOOD_1, 1, "good"));
        expect("FIN " + GOOD_1);

        nsqd.send(message(GOOD_2, 1, "good"));
        expect("FIN " + GOOD_2);
        assertThat(nsqd.connectionCount()).isEqualTo(1);
        assertThat(consumer.stats().connections()).isEqualTo(1);
    }

    @Test
    void touchIsSentForAMessageInHand() {
        consumer = new Consumer("t", "ch", Config.defaults(), m -> {
            m.touch();
            m.touch();
        });
        consumer.connectToNsqd(nsqd.address());
        expect("IDENTIFY");
        expect("SUB t ch");
        expect("RDY 1");
        nsqd.send(message(GOOD_1, 1, "long job"));
        expect("TOUCH " + GOOD_1);
        expect("TOUCH " + GOOD_1);
        expect("FIN " + GOOD_1);
    }

    private static Config.Builder fastReconnect() {
        return fastBackoff().lookupdPollInterval(Duration.ofMillis(50)).rdyRedistributeInterval(Duration.ofMillis(10));
    }

    private Command expectOn(int connection, String line) {
        Command c = expect(line);
        assertThat(c.connection()).as("connection of %s", c).isEqualTo(connection);
        return c;
    }

    @Test
    void reconnectsAfterNsqdHangsUpAndGetsItsRdyBack() throws Exception {
        subscribe(fastReconnect().maxInFlight(5).build());
        expectOn(0, "RDY 5");
        nsqd.send(hangUp());
        nsqd.awaitDisconnected(0, WAIT);

        expectOn(1, "IDENTIFY");
        expectOn(1, "SUB t ch");
        expectOn(1, "RDY 5");
        nsqd.send(message(GOOD_1, 1, "good"));
        expectOn(1, "FIN " + GOOD_1);
    }

    /** go-nsq's TestConsumerBackoffDisconnect: a connection lost while probing with RDY 1 is probed again. */
    @Test
    void aConnectionLostInBackoffIsGivenRdy1OnReconnect() throws Exception {
        subscribe(fastReconnect().maxInFlight(5).build());
        expectOn(0, "RDY 5");
        nsqd.send(message(BAD_1, 1, "bad"));
        expectOn(0, "REQ " + BAD_1 + " 2000");
        expectOn(0, "RDY 0");
        expectOn(0, "RDY 1");
        nsqd.send(hangUp());

        expectOn(1, "IDENTIFY");
        expectOn(1, "SUB t ch");
        expectOn(1, "RDY 1");
        nsqd.send(message(GOOD_1, 1, "good"));
        expectOn(1, "FIN " + GOOD_1);
        expectOn(1, "RDY 5");
    }

    @Test
    void aMessageAnsweredAfterAReconnectDoesNotCountForTheNewConnection() throws Exception {
        Map<String, CountDownLatch> release = Map.of(GOOD_1, new CountDownLatch(1), GOOD_2, new CountDownLatch(1));
        BlockingQueue<String> inHandler = new LinkedBlockingQueue<>();
        consumer = new Consumer("t", "ch", fastReconnect().build(), m -> {
            inHandler.add(m.id());
            assertThat(release.get(m.id()).await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        });
        consumer.connectToNsqd(nsqd.address());
        expectOn(0, "IDENTIFY");
        expectOn(0, "SUB t ch");
        expectOn(0, "RDY 1");
        nsqd.send(message(GOOD_1, 1, "in hand when the connection is lost"));
        assertThat(inHandler.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(GOOD_1);

        nsqd.send(hangUp());
        expectOn(1, "IDENTIFY");
        expectOn(1, "SUB t ch");
        expectOn(1, "RDY 1");
        release.get(GOOD_1).countDown(); // its FIN has no connection to go to
        Await.until(WAIT, () -> consumer.stats().messagesFinished() == 1, "the first message finished");

        nsqd.send(message(GOOD_2, 1, "in hand at close"));
        assertThat(inHandler.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(GOOD_2);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> consumer.close(WAIT));
        expectOn(1, "CLS");
        release.get(GOOD_2).countDown();
        expectOn(1, "FIN " + GOOD_2);
        closing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- go-nsq's sequences command for command ----

    private List<String> lines(int n) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(nsqd.takeCommand().line());
        }
        return got;
    }

    @Test
    void noRdyFollowsAFinOutsideBackoff() {
        subscribe(Config.builder().maxInFlight(5).build());
        nsqd.send(message(GOOD_1, 1, "good"));
        nsqd.send(message(GOOD_2, 1, "good"));
        nsqd.send(message(GOOD_3, 1, "good"));
        assertThat(lines(4)).containsExactly("RDY 5", "FIN " + GOOD_1, "FIN " + GOOD_2, "FIN " + GOOD_3);
    }

    /** go-nsq's TestConsumerBackoff, but for the order of REQ and RDY 0: go-nsq sends RDY 0 first. */
    @Test
    void mirrorsGoNsqsConsumerBackoff() {
        subscribe(fastBackoff().maxInFlight(5).build());
        List<String> got = new ArrayList<>();
        got.add(nsqd.takeCommand().line());
        for (String id : List.of(GOOD_1, GOOD_2, GOOD_3)) {
            nsqd.send(message(id, 0, "good"));
            got.add(nsqd.takeCommand().line());
        }
        for (String id : List.of(BAD_1, BAD_2)) {
            nsqd.send(message(id, 0, "bad"));
            got.addAll(lines(3));
        }
        nsqd.send(message(GOOD_4, 0, "good"));
        got.addAll(lines(3));
        nsqd.send(message(GOOD_1, 0, "good"));
        got.addAll(lines(2));
        assertThat(got).containsExactly("RDY 5", "FIN " + GOOD_1, "FIN " + GOOD_2, "FIN " + GOOD_3,
                "REQ " + BAD_1 + " 0", "RDY 0", "RDY 1",
                "REQ " + BAD_2 + " 0", "RDY 0", "RDY 1",
                "FIN " + GOOD_4, "RDY 0", "RDY 1",
                "FIN " + GOOD_1, "RDY 5");
    }

    /** go-nsq's TestConsumerRequeueNoBackoff, but for the order of REQ and RDY 0. */
    @Test
    void mirrorsGoNsqsConsumerRequeueNoBackoff() {
        consumer = new Consumer("t", "ch", fastBackoff().maxInFlight(1).build(), m -> {
            switch (m.bodyText()) {
                case "requeue" -> m.requeue();
                case "requeue_no_backoff_1" -> {
                    if (m.attempts() <= 1) {
                        m.requeueWithoutBackoff(Duration.ZERO);
                    }
                }
                default -> { }
            }
        });
        consumer.connectToNsqd(nsqd.address());
        List<String> got = new ArrayList<>(lines(3));
        nsqd.send(message(BAD_1, 0, "requeue"));
        got.addAll(lines(3));
        nsqd.send(message(NO_BACKOFF, 0, "requeue_no_backoff_1"));
        got.addAll(lines(3));
        nsqd.send(message(GOOD_1, 0, "good"));
        got.add(nsqd.takeCommand().line());
        nsqd.send(message(GOOD_2, 0, "good"));
        got.add(nsqd.takeCommand().line());
        assertThat(got).containsExactly("IDENTIFY", "SUB t ch", "RDY 1",
                "REQ " + BAD_1 + " 0", "RDY 0", "RDY 1",
                "REQ " + NO_BACKOFF + " 0", "RDY 0", "RDY 1",
                "FIN " + GOOD_1, "FIN " + GOOD_2);
    }
}
