package io.jnsq.nsqd.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestCertificates;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void anHttpsConnectionAcceptedBeforeTlsIsBuiltReadsNothingUntilItIs() throws Exception {
        Identity server = TestCertificates.authority("test CA").issueServer(KeyType.EC);
        // the key comes through a pipe: the set-up waits on it until the test writes the key
        Path pipe = dir.resolve("key-pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        NsqdOptions options = new NsqdOptions();
        options.tlsCert = server.writeCertificate(dir.resolve("cert.pem")).toString();
        options.tlsKey = pipe.toString();
        TlsConfig tls = TlsConfig.of(options);
        tls.build();
        EmbeddedChannel connection = new EmbeddedChannel();

        tls.secure(connection);

        assertThat(connection.config().isAutoRead()).isFalse();
        assertThat(connection.pipeline().get(TlsConfig.HANDLER)).isNull();
        Files.write(pipe, Files.readAllBytes(server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8)));
        Await.until(Duration.ofSeconds(10), () -> {
            connection.runPendingTasks();
            return connection.pipeline().get(TlsConfig.HANDLER) != null;
        }, "TLS in the pipeline");
        assertThat(connection.pipeline().first()).isInstanceOf(SslHandler.class);
        assertThat(connection.config().isAutoRead()).isTrue();
        connection.finishAndReleaseAll();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void boringSslLoadsOnTheLinuxPlatformsItShipsFor() {
        assertThat(OpenSsl.isAvailable()).as("%s", OpenSsl.unavailabilityCause()).isTrue();
    }

    @Test
    void boringSslServesWhenItLoadsUnlessTheJdkIsAskedFor() {
        assertThat(TlsConfig.provider("", true)).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsConfig.provider("openssl", true)).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsConfig.provider("jdk", true)).isEqualTo(SslProvider.JDK);
        assertThat(TlsConfig.provider("JDK", true)).isEqualTo(SslProvider.JDK);
        assertThat(TlsConfig.provider("", false)).isEqualTo(SslProvider.JDK);
    }
}
