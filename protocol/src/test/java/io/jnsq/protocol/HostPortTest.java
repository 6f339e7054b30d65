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
}
