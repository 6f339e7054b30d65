package io.jnsq.nsqd.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class TlsConfigTest {
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
