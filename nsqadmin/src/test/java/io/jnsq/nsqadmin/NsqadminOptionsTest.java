package io.jnsq.nsqadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What nsqadmin refuses at start, in NSQ's words (the binary prefixes {@code failed to instantiate nsqadmin - }). */
class NsqadminOptionsTest {
    private static NsqadminOptions options(Consumer<NsqadminOptions> configure) {
        NsqadminOptions options = new NsqadminOptions();
        configure.accept(options);
        return options;
    }

    @Test
    void exactlyOneKindOfUpstreamIsRequired() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> { })))
                .hasMessage("--nsqd-http-address or --lookupd-http-address required");
        assertThatThrownBy(() -> new Nsqadmin(options(o -> {
            o.nsqdHttpAddresses.add("127.0.0.1:4151");
            o.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
        }))).hasMessage("use --nsqd-http-address or --lookupd-http-address not both");
    }

    @Test
    void theClientCertificateAndKeyGoTogether() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> {
            o.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
            o.httpClientTlsCert = "cert.pem";
        }))).hasMessage("--http-client-tls-cert and --http-client-tls-key must both be provided");
    }

    @Test
    void addressesMustHaveAPort() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> o.nsqlookupdHttpAddresses.add("localhost"))))
                .hasMessageStartingWith("failed to resolve --lookupd-http-address address (localhost) - ");
    }

    @Test
    void everyAddressMustResolve() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> o.nsqdHttpAddresses.add("nosuchhost.invalid:4151"))))
                .hasMessage("failed to resolve --nsqd-http-address address (nosuchhost.invalid:4151) - "
                        + "lookup nosuchhost.invalid: no such host");
        assertThatThrownBy(() -> new Nsqadmin(options(o -> {
            o.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
            o.nsqlookupdHttpAddresses.add("nosuchhost.invalid:4161");
        }))).hasMessage("failed to resolve --lookupd-http-address address (nosuchhost.invalid:4161) - "
                + "lookup nosuchhost.invalid: no such host");
    }

    @Test
    void numericAndLoopbackAddressesNeedNoLookup() {
        for (String address : new String[] {"127.0.0.1:4161", "[::1]:4161", "localhost:4161", ":4161"}) {
            new Nsqadmin(options(o -> o.nsqlookupdHttpAddresses.add(address)));
        }
    }

    @Test
    void theCidrMustParse() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> {
            o.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
            o.allowConfigFromCidr = "everyone";
        }))).hasMessage("failed to parse --allow-config-from-cidr - invalid CIDR address: everyone");
    }

    @Test
    void theGraphiteUrlMustParseWhenProxied() {
        assertThatThrownBy(() -> new Nsqadmin(options(o -> {
            o.nsqlookupdHttpAddresses.add("127.0.0.1:4161");
            o.proxyGraphite = true;
            o.graphiteUrl = "::nope";
        }))).hasMessageStartingWith("failed to parse --graphite-url - ");
    }

    @Test
    void aCidrHoldsTheAddressesOfItsPrefix() throws Exception {
        Cidr loopback = Cidr.parse("127.0.0.1/8");
        assertThat(loopback.contains(InetAddress.getByName("127.9.9.9"))).isTrue();
        assertThat(loopback.contains(InetAddress.getByName("128.0.0.1"))).isFalse();
        assertThat(loopback.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("invalid CIDR address: 10.0.0.0/33");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessage("invalid CIDR address: example.com/8");
    }
}
