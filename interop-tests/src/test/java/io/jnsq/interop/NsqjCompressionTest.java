package io.jnsq.interop;

import com.sproutsocial.nsq.Config;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nsq-j publishing and consuming over snappy (snappy-java's framing streams) and raw deflate (java.util.zip). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NsqjCompressionTest extends NsqdTestBase {
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
        nsqj().publishAndConsume("nsqj_compressed", config, feature);
    }
}
