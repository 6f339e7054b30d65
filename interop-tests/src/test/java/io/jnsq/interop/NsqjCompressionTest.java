package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;

import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.Publisher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nsq-j publishing and consuming over snappy (snappy-java's framing streams) and raw deflate (java.util.zip). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjCompressionTest extends NsqdTestBase {
    private static final String TOPIC = "nsqj_compressed";

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void publishesAndConsumesOverCompression(String feature) throws Exception {
        Config config = new Config();
        if (feature.equals("snappy")) {
            config.setSnappy(true);
        } else {
            config.setDeflate(true);
            config.setDeflateLevel(5);
        }
        Inbox inbox = new Inbox(feature);
        nsqj().subscribe(TOPIC, "c", 10, inbox::recordAndFinish, config);
        Publisher publisher = nsqj().publisher();
        publisher.setConfig(config);

        List<String> singles = Bodies.concat(Bodies.numbered("pub", 10), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> batch = Bodies.numbered("mpub", 25);
        singles.forEach(body -> publisher.publish(TOPIC, utf8(body)));
        publisher.publish(TOPIC, utf8(batch));
        List<String> expected = Bodies.concat(singles, batch);

        assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(expected, WAIT), expected);
    }
}
