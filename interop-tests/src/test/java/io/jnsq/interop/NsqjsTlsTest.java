package io.jnsq.interop;

import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.interop.Nsqjs.Consume;
import io.jnsq.interop.Nsqjs.Plan;
import io.jnsq.interop.Nsqjs.Publish;
import io.jnsq.interop.Nsqjs.Published;
import io.jnsq.interop.Nsqjs.Summary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nsqjs Reader and Writer over TLS (Node's tls, that is OpenSSL), alone and under snappy or deflate, verifying
 * nsqd's certificate against the CA and presenting a client certificate that nsqd verifies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjsTlsTest extends TlsNsqdTestBase {
    @ParameterizedTest
    @ValueSource(strings = {"tls", "tls+snappy", "tls+deflate"})
    void readerReceivesWhatTheWriterPublished(String features) throws Exception {
        List<String> pub = Bodies.concat(Bodies.numbered("pub", 5), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> mpub = Bodies.numbered("mpub", 10);
        List<String> expected = Bodies.concat(pub, mpub);
        Map<String, Object> options = new HashMap<>(Map.of("tls", true, "tlsVerification", true,
                "caFile", tls.caFile().toString(), "certFile", tls.clientCert().toString(),
                "keyFile", tls.clientKey().toString()));
        if (features.endsWith("snappy")) {
            options.put("snappy", true);
        }
        if (features.endsWith("deflate")) {
            options.put("deflate", true);
            options.put("deflateLevel", 4);
        }

        Summary summary = Nsqjs.run(new Plan(nsqdTcpAddress(), "nsqjs_" + features.replace('+', '_'), "c",
                new Consume(expected, List.of(), 10), new Publish(pub, mpub, null), options));

        assertThat(summary.published()).isEqualTo(new Published(pub.size(), mpub.size(), 0));
        assertEachExactlyOnce("nsqjs Reader over " + features, summary.received(), expected);
    }
}
