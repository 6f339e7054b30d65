package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static io.jnsq.interop.Deliveries.assertEachExactlyOnce;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.Publisher;
import io.jnsq.nsqd.NsqdOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nsq-j over TLS (the JDK's SSLSocket), alone and under snappy or deflate, against an nsqd that requires TLS
 * and verifies client certificates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjTlsTest extends NsqdTestBase {
    private static final String TOPIC = "nsqj_tls";

    @TempDir
    static Path certs;
    static TlsFiles tls;

    @BeforeAll
    static void issueCertificates() {
        tls = TlsFiles.create(certs);
    }

    @Override
    void configure(NsqdOptions options) {
        tls.requireVerifiedClients(options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls", "tls+snappy", "tls+deflate"})
    void publishesAndConsumesOverTls(String features) throws Exception {
        Config config = new Config();
        config.setTlsV1(true);
        config.setSnappy(features.endsWith("snappy"));
        config.setDeflate(features.endsWith("deflate"));
        config.setDeflateLevel(3);
        nsqj().useTls(tls.clientContext(true).getSocketFactory());
        Inbox inbox = new Inbox(features);
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

    @Test
    void aClientWithoutACertificateCannotPublish() {
        Config config = new Config();
        config.setTlsV1(true);
        nsqj().useTls(tls.clientContext(false).getSocketFactory());
        Publisher publisher = nsqj().publisher();
        publisher.setConfig(config);

        assertThatThrownBy(() -> publisher.publish(TOPIC, utf8("refused"))).isInstanceOf(RuntimeException.class);
    }
}
