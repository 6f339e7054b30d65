package io.jnsq.nsqd.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsdPrefixTest {
    @Test
    void theDefaultPrefixTakesTheHostKeyAndADot() {
        assertThat(StatsdPrefix.of("nsq.%s", "127.0.0.1", 4251)).isEqualTo("nsq.127_0_0_1_4251.");
    }

    @Test
    void everyPercentSIsReplacedAndAnEndingDotKept() {
        assertThat(StatsdPrefix.of("%s.nsq.%s.", "host.example", 4151))
                .isEqualTo("host_example_4151.nsq.host_example_4151.");
    }

    @Test
    void aPrefixWithoutPercentSIsKeptAsItIs() {
        assertThat(StatsdPrefix.of("metrics", "h", 1)).isEqualTo("metrics.");
    }

    @Test
    void anEmptyPrefixStaysEmpty() {
        assertThat(StatsdPrefix.of("", "h", 1)).isEmpty();
    }

    @Test
    void anIpv6HostIsJoinedInBracketsAsGoJoinsIt() {
        assertThat(StatsdPrefix.hostKey("::1", 4151)).isEqualTo("[__1]_4151");
    }
}
