package io.jnsq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostAndPort() {
        assertThat(HostPort.parse("127.0.0.1:4150")).isEqualTo(new HostPort("127.0.0.1", 4150));
        assertThat(HostPort.parse("[::1]:4150")).isEqualTo(new HostPort("::1", 4150));
        assertThat(HostPort.parse(":4150")).isEqualTo(new HostPort("", 4150));
    }

    @Test
    void emptyHostListensEverywhereAndDialsThisMachine() {
        HostPort any = HostPort.parse(":4150");
        assertThat(any.listenAddress()).isEqualTo(new InetSocketAddress(4150));
        assertThat(any.dialAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 4150));
    }

    @Test
    void refusesMissingOrBadPorts() {
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1")).hasMessage("address 127.0.0.1: missing port in address");
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:http")).hasMessage("address 127.0.0.1:http: invalid port");
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:65536")).hasMessage("address 127.0.0.1:65536: invalid port");
    }

    @Test
    void formatsSocketAddressesAsGo() {
        assertThat(HostPort.format(new InetSocketAddress("127.0.0.1", 4160))).isEqualTo("127.0.0.1:4160");
        assertThat(HostPort.format(new InetSocketAddress("::1", 80))).isEqualTo("[::1]:80");
        assertThat(HostPort.format(new InetSocketAddress("fe80:0:0:0:1:0:0:2", 80))).isEqualTo("[fe80::1:0:0:2]:80");
        assertThat(HostPort.format(new InetSocketAddress("1:2:3:4:5:6:7:8", 80))).isEqualTo("[1:2:3:4:5:6:7:8]:80");
    }

    @Test
    void joinsAsGo() {
        assertThat(new HostPort("nsq-1.local", 4161).joined()).isEqualTo("nsq-1.local:4161");
        assertThat(new HostPort("::1", 4161).joined()).isEqualTo("[::1]:4161");
        assertThat(HostPort.parse("[::1]:4161").joined()).isEqualTo("[::1]:4161");
    }
}
