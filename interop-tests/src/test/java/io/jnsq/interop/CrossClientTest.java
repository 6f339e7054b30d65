package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

import com.sproutsocial.nsq.Publisher;
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

/** What one client publishes through our nsqd, the other consumes: nsq-j (Java) and nsqjs (Node.js). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossClientTest extends NsqdTestBase {
    private static final String TOPIC = "cross_topic";
    private static final String CHANNEL = "cross_channel";

    @Test
    void nsqjsConsumesWhatNsqjPublishes() throws Exception {
        List<String> singles = Bodies.concat(Bodies.numbered("nsqj-pub", 5), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> batch = Bodies.numbered("nsqj-mpub", 10);
        List<String> expected = Bodies.concat(singles, batch);
        Nsqjs consumer = closeAfterTest(Nsqjs.start(
                new Plan(nsqdTcpAddress(), TOPIC, CHANNEL, new Consume(expected, List.of(), 10), null)));
        consumer.awaitEvent("subscribed", WAIT);

        Publisher publisher = nsqj().publisher();
        singles.forEach(body -> publisher.publish(TOPIC, utf8(body)));
        publisher.publish(TOPIC, utf8(batch));

        assertEachExactlyOnce("nsqjs Reader", consumer.awaitSummary(WAIT).received(), expected);
    }

    @Test
    void nsqjConsumesWhatNsqjsPublishes() throws Exception {
        List<String> pub = Bodies.concat(Bodies.numbered("nsqjs-pub", 5), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> mpub = Bodies.numbered("nsqjs-mpub", 10);
        List<String> dpub = List.of("nsqjs-deferred");
        List<String> expected = Bodies.concat(pub, mpub, dpub);
        Inbox inbox = new Inbox("nsq-j on " + CHANNEL);
        nsqj().subscribe(TOPIC, CHANNEL, 10, inbox::recordAndFinish);

        Summary summary = Nsqjs.run(
                new Plan(nsqdTcpAddress(), TOPIC, CHANNEL, null, new Publish(pub, mpub, new Deferred(200, dpub))));

        assertThat(summary.published()).isEqualTo(new Published(pub.size(), mpub.size(), dpub.size()));
        assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(expected, WAIT), expected);
    }
}
