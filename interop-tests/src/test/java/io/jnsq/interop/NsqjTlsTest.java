package io.jnsq.interop;

import static io.jnsq.interop.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.Publisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nsq-j over TLS (the JDK's SSLSocket), alone and under snappy or deflate, against an nsqd that requires TLS
 * and verifies client certificates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjTlsTest extends TlsNsqdTestBase {
    @ParameterizedTest
    @ValueSource(strings = {"tls", "tls+snappy", "tls+deflate"})
    void publishesAndConsumesOverTls(String features) throws Exception {
        Config config = new Config();
        config.setTlsV1(true);
        config.setSnappy(features.endsWith("snappy"));
        config.setDeflate(features.endsWith("deflate"));
        config.setDeflateLevel(3);

        nsqj().useTls(tls.clientContext(true).getSocketFactory()).publishAndConsume("nsqj_tls", config, features);
    }

    @Test
    void aClientWithoutACertificateCannotPublish() {
        Config config = new Config();
        config.setTlsV1(true);
        Publisher publisher = nsqj().useTls(tls.clientContext(false).getSocketFactory()).publisher();
        publisher.setConfig(config);

        assertThatThrownBy(() -> publisher.publish("nsqj_tls", utf8("refused"))).isInstanceOf(RuntimeException.class);
    }
}
