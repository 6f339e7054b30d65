package io.jnsq.interop;

import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static io.jnsq.interop.Deliveries.assertRedeliveredOnce;
import static io.jnsq.interop.Deliveries.bodies;
import static io.jnsq.interop.Deliveries.deliveriesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.interop.Nsqjs.Consume;
import io.jnsq.interop.Nsqjs.Deferred;
import io.jnsq.interop.Nsqjs.Plan;
import io.jnsq.interop.Nsqjs.Publish;
import io.jnsq.interop.Nsqjs.Published;
import io.jnsq.interop.Nsqjs.Summary;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsqjs (npm nsqjs), a Node.js NSQ client written by others, publishing and consuming through our nsqd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjsTest extends NsqdTestBase {
    private static final String TOPIC = "nsqjs_topic";
    private static final String CHANNEL = "nsqjs_channel";
    private static final String REQUEUED = "requeue-me";

    @Test
    void readerReceivesWhatTheWriterPublishedWithPubMpubAndDpubAndARequeuedMessageAgainWithAttemptsTwo()
            throws Exception {
        long delayMillis = 500;
        List<String> pub = Bodies.concat(Bodies.numbered("pub", 5), List.of(REQUEUED, Bodies.UNICODE));
        List<String> mpub = Bodies.numbered("mpub", 10);
        List<String> dpub = List.of("deferred");
        List<String> expected = Bodies.concat(pub, mpub, dpub);

        // The Reader subscribes first, RDY 1: each next message needs the last one FINed or REQed.
        Summary summary = Nsqjs.run(new Plan(nsqdTcpAddress(), TOPIC, CHANNEL,
                new Consume(expected, List.of(REQUEUED), 1),
                new Publish(pub, mpub, new Deferred(delayMillis, dpub))));

        assertThat(summary.published()).isEqualTo(new Published(pub.size(), mpub.size(), dpub.size()));
        List<Delivery> received = summary.received();
        assertRedeliveredOnce(deliveriesOf(REQUEUED, received));
        assertEachExactlyOnce("nsqjs Reader", received.stream().filter(d -> !d.body().equals(REQUEUED)).toList(),
                expected.stream().filter(body -> !body.equals(REQUEUED)).toList());
        assertThat(bodies(received)).hasSize(expected.size() + 1);
        long deferredFor = deliveriesOf("deferred", received).get(0).atMillis() - summary.deferredAtMillis().get("deferred");
        assertThat(deferredFor)
                .as("ms from DPUB (delay %d ms) to delivery", delayMillis)
                .isGreaterThanOrEqualTo(delayMillis - CLOCK_TOLERANCE_MILLIS);
    }
}
