package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static io.jnsq.interop.Deliveries.assertRedeliveredOnce;
import static io.jnsq.interop.Deliveries.bodies;
import static io.jnsq.interop.Deliveries.deliveriesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.sproutsocial.nsq.BackoffHandler;
import com.sproutsocial.nsq.Publisher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsq-j (com.sproutsocial:nsq-j), a Java NSQ client written by others, publishing and consuming through our nsqd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjTest extends NsqdTestBase {
    private static final String TOPIC = "nsqj_topic";
    private static final String CHANNEL = "nsqj_channel";

    @Test
    void everyMessagePublishedSinglyOrInBatchesReachesEachChannelExactlyOnce() throws Exception {
        // RDY 1: nsqd may send the next message only once the client FINed the last, so this channel receiving
        // everything shows that nsqd honours FIN. RDY 50 has nsqd stream messages before the FINs come back.
        Inbox oneInFlight = new Inbox("channel one_in_flight (RDY 1)");
        Inbox manyInFlight = new Inbox("channel many_in_flight (RDY 50)");
        nsqj().subscribe(TOPIC, "one_in_flight", 1, oneInFlight::recordAndFinish);
        nsqj().subscribe(TOPIC, "many_in_flight", 50, manyInFlight::recordAndFinish);
        Publisher publisher = nsqj().publisher();

        List<String> singles = Bodies.concat(Bodies.numbered("pub", 10), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> batch = Bodies.numbered("mpub", 25);
        List<String> buffered = Bodies.numbered("buffered", 25);
        singles.forEach(body -> publisher.publish(TOPIC, utf8(body)));   // PUB each
        publisher.publish(TOPIC, utf8(batch));                            // one MPUB
        buffered.forEach(body -> publisher.publishBuffered(TOPIC, utf8(body))); // nsq-j batches them into MPUBs
        List<String> expected = Bodies.concat(singles, batch, buffered);

        assertAll(Stream.of(oneInFlight, manyInFlight).map(inbox ->
                () -> assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(expected, WAIT), expected)));
    }

    @Test
    void aMessageWhoseHandlerFailsIsRequeuedAndComesBackWithAttemptsTwo() throws Exception {
        Inbox inbox = new Inbox(CHANNEL);
        // nsq-j's BackoffHandler FINs each message its handler accepts and REQs (delay 0) each it throws on.
        nsqj().subscribe(TOPIC, CHANNEL, 10, new BackoffHandler(msg -> {
            inbox.record(msg);
            if (msg.getAttempts() == 1 && Bodies.fromUtf8(msg.getData()).equals("fails-once")) {
                throw new IllegalStateException("handler fails on the first attempt (expected by the test)");
            }
        }));
        Publisher publisher = nsqj().publisher();
        for (String body : List.of("before", "fails-once", "after")) {
            publisher.publish(TOPIC, utf8(body));
        }

        List<Delivery> received = inbox.awaitUntil("fails-once twice, before and after once",
                all -> deliveriesOf("fails-once", all).size() == 2 && bodies(all).containsAll(List.of("before", "after")),
                WAIT);

        assertThat(bodies(received)).containsExactlyInAnyOrder("before", "fails-once", "fails-once", "after");
        assertRedeliveredOnce(deliveriesOf("fails-once", received));
        assertThat(deliveriesOf("before", received)).extracting(Delivery::attempts).containsExactly(1);
        assertThat(deliveriesOf("after", received)).extracting(Delivery::attempts).containsExactly(1);
    }

    @Test
    void aMessageRequeuedWithADelayComesBackWithAttemptsTwoAfterTheDelay() throws Exception {
        long delayMillis = 500;
        Inbox inbox = new Inbox(CHANNEL);
        nsqj().subscribe(TOPIC, CHANNEL, 10, msg -> {
            inbox.record(msg);
            if (msg.getAttempts() == 1) {
                msg.requeue((int) delayMillis); // REQ <id> 500
            } else {
                msg.finish();
            }
        });
        nsqj().publisher().publish(TOPIC, utf8("requeued"));

        List<Delivery> received = inbox.awaitUntil("the message twice", all -> all.size() >= 2, WAIT);

        assertThat(bodies(received)).containsExactly("requeued", "requeued");
        assertRedeliveredOnce(received);
        assertThat(received.get(1).atMillis() - received.get(0).atMillis())
                .as("ms between the first delivery (requeued with delay %d ms) and the second", delayMillis)
                .isGreaterThanOrEqualTo(delayMillis - CLOCK_TOLERANCE_MILLIS);
    }

    @Test
    void aDeferredMessageArrivesAfterItsDelayAndAfterAMessagePublishedLater() throws Exception {
        long delayMillis = 500;
        Inbox inbox = new Inbox(CHANNEL);
        nsqj().subscribe(TOPIC, CHANNEL, 10, inbox::recordAndFinish);
        Publisher publisher = nsqj().publisher();

        long publishedAt = inbox.elapsedMillis();
        publisher.publishDeferred(TOPIC, utf8("deferred"), delayMillis, TimeUnit.MILLISECONDS); // DPUB
        publisher.publish(TOPIC, utf8("immediate"));

        List<Delivery> received = inbox.awaitBodies(List.of("deferred", "immediate"), WAIT);

        assertThat(bodies(received)).containsExactly("immediate", "deferred");
        assertThat(received.get(1).atMillis() - publishedAt)
                .as("ms from DPUB (delay %d ms) to delivery", delayMillis)
                .isGreaterThanOrEqualTo(delayMillis - CLOCK_TOLERANCE_MILLIS);
    }
}
