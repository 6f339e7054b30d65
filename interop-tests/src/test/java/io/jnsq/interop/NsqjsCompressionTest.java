package io.jnsq.interop;

import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.interop.Nsqjs.Consume;
import io.jnsq.interop.Nsqjs.Plan;
import io.jnsq.interop.Nsqjs.Publish;
import io.jnsq.interop.Nsqjs.Published;
import io.jnsq.interop.Nsqjs.Summary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nsqjs Reader and Writer over snappy (npm snappystream) and raw deflate (Node's zlib). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjsCompressionTest extends NsqdTestBase {
    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void readerReceivesWhatTheWriterPublished(String feature) throws Exception {
        List<String> pub = Bodies.concat(Bodies.numbered("pub", 5), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> mpub = Bodies.numbered("mpub", 10);
        List<String> expected = Bodies.concat(pub, mpub);
        Map<String, Object> options = feature.equals("snappy")
                ? Map.of("snappy", true)
                : Map.of("deflate", true, "deflateLevel", 5);

        Summary summary = Nsqjs.run(new Plan(nsqdTcpAddress(), "nsqjs_" + feature, "c",
                new Consume(expected, List.of(), 10), new Publish(pub, mpub, null), options));

        assertThat(summary.published()).isEqualTo(new Published(pub.size(), mpub.size(), 0));
        assertEachExactlyOnce("nsqjs Reader over " + feature, summary.received(), expected);
    }
}
