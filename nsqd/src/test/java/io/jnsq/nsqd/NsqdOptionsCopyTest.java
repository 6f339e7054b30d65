package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.nsqd.server.Nsqd;
import io.jnsq.testwire.WireClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An nsqd runs with a copy of its options; the two NSQ changes at runtime are its own. */
@Timeout(30)
class NsqdOptionsCopyTest {
    @TempDir
    Path dir;

    @Test
    void aCopyHoldsEveryOptionAndListsOfItsOwn() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.memQueueSize = 5;
        options.msgTimeout = Duration.ofSeconds(7);
        options.nsqlookupdTcpAddresses.add("a:4160");
        options.e2eProcessingLatencyPercentiles.add(0.99);

        NsqdOptions copy = options.copy();

        for (Field field : NsqdOptions.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(options));
            }
        }
        options.nsqlookupdTcpAddresses.add("b:4160");
        options.e2eProcessingLatencyPercentiles.clear();
        assertThat(copy.nsqlookupdTcpAddresses).containsExactly("a:4160");
        assertThat(copy.e2eProcessingLatencyPercentiles).containsExactly(0.99);
    }

    @Test
    void changesToTheGivenOptionsDoNotReachTheNsqdNorDoesPutConfigReachThem() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dir.toString();
        options.nsqlookupdTcpAddresses.add("a:4160");
        try (Nsqd nsqd = new Nsqd(options)) {
            options.memQueueSize = 5;
            options.nsqlookupdTcpAddresses.add("b:4160");
            options.logLevel = "debug";

            assertThat(nsqd.options().memQueueSize).isEqualTo(10000);
            assertThat(nsqd.nsqlookupdTcpAddresses()).containsExactly("a:4160");
            assertThat(nsqd.logLevel()).isEqualTo("info");

            nsqd.setLogLevel("WARN");
            nsqd.setNsqlookupdTcpAddresses(List.of("c:4160"));

            assertThat(nsqd.logLevel()).isEqualTo("warn");
            assertThat(nsqd.configValue("log_level")).contains(3);
            assertThat(nsqd.configValue("nsqlookupd_tcp_addresses")).contains(List.of("c:4160"));
            assertThat(options.logLevel).isEqualTo("debug");
            assertThat(options.nsqlookupdTcpAddresses).containsExactly("a:4160", "b:4160");
        }
    }

    @Test
    void theOptionsHandedOutAreCopiesThatChangeNothingInTheRunningNsqd() throws Exception {
        NsqdOptions options = new NsqdOptions();
        options.dataPath = dir.toString();
        options.tcpAddress = "127.0.0.1:0";
        options.httpAddress = "";
        options.httpsAddress = "";
        try (Nsqd nsqd = new Nsqd(options).start(); WireClient client = WireClient.connect(nsqd.tcpAddress())) {
            nsqd.options().maxMsgSize = 10;
            nsqd.broker().options().maxMsgSize = 10;

            client.pub("t", "more than ten bytes").expectOk();
            assertThat(nsqd.options().maxMsgSize).isEqualTo(new NsqdOptions().maxMsgSize);
            assertThat(nsqd.broker().options()).isNotSameAs(nsqd.broker().options());
        }
    }
}
