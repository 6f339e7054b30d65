package io.jnsq.apps.nsqadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.common.Version;
import io.jnsq.common.flags.Flag;
import io.jnsq.nsqadmin.NsqadminFlags;
import io.jnsq.nsqadmin.NsqadminOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsqadminCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void everyFlagOfNsqadminIsDeclared() {
        assertThat(NsqadminFlags.ALL).extracting(Flag::name).containsExactly("config", "version", "log-level",
                "log-prefix", "verbose", "http-address", "base-path", "dev-static-dir", "graphite-url",
                "proxy-graphite", "statsd-counter-format", "statsd-gauge-format", "statsd-prefix", "statsd-interval",
                "notification-http-endpoint", "http-client-connect-timeout", "http-client-request-timeout",
                "http-client-tls-insecure-skip-verify", "http-client-tls-root-ca-file", "http-client-tls-cert",
                "http-client-tls-key", "allow-config-from-cidr", "acl-http-header", "admin-user",
                "lookupd-http-address", "nsqd-http-address");
    }

    @Test
    void noArgumentsGiveNsqDefaults() throws Exception {
        NsqadminOptions o = NsqadminCommandLine.parse();

        assertThat(o.logLevel).isEqualTo("info");
        assertThat(o.logPrefix).isEqualTo("[nsqadmin] ");
        assertThat(o.httpAddress).isEqualTo("0.0.0.0:4171");
        assertThat(o.basePath).isEqualTo("/");
        assertThat(o.graphiteUrl).isEmpty();
        assertThat(o.proxyGraphite).isFalse();
        assertThat(o.statsdCounterFormat).isEqualTo("stats.counters.%s.count");
        assertThat(o.statsdGaugeFormat).isEqualTo("stats.gauges.%s");
        assertThat(o.statsdPrefix).isEqualTo("nsq.%s");
        assertThat(o.statsdInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.httpClientConnectTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.httpClientRequestTimeout).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.allowConfigFromCidr).isEqualTo("127.0.0.1/8");
        assertThat(o.aclHttpHeader).isEqualTo("X-Forwarded-User");
        assertThat(o.adminUsers).isEmpty();
        assertThat(o.nsqlookupdHttpAddresses).isEmpty();
        assertThat(o.nsqdHttpAddresses).isEmpty();
    }

    @Test
    void repeatableFlagsAccumulate() throws Exception {
        NsqadminOptions o = NsqadminCommandLine.parse("--lookupd-http-address=a:4161", "-lookupd-http-address",
                "b:4161", "--admin-user=alice", "--admin-user=bob", "--proxy-graphite", "--statsd-interval=10s",
                "--base-path=/admin", "--log-level=WARN");

        assertThat(o.nsqlookupdHttpAddresses).containsExactly("a:4161", "b:4161");
        assertThat(o.adminUsers).containsExactly("alice", "bob");
        assertThat(o.proxyGraphite).isTrue();
        assertThat(o.statsdInterval).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.basePath).isEqualTo("/admin");
        assertThat(o.logLevel).isEqualTo("warn");
    }

    @Test
    void theConfigFileUsesNsqsKeysAndTheCommandLineWins() throws Exception {
        Path config = Files.writeString(dir.resolve("nsqadmin.cfg"), """
                http_address = "127.0.0.1:6171"
                nsqlookupd_http_addresses = ["l1:4161", "l2:4161"]
                admin_users = ["carol"]
                graphite_url = "http://graphite"
                statsd_interval = "30s"
                notification_http_endpoint = "http://notify"
                """);

        NsqadminOptions o = NsqadminCommandLine.parse("--config=" + config, "--http-address=127.0.0.1:7171");

        assertThat(o.httpAddress).isEqualTo("127.0.0.1:7171");
        assertThat(o.nsqlookupdHttpAddresses).containsExactly("l1:4161", "l2:4161");
        assertThat(o.adminUsers).containsExactly("carol");
        assertThat(o.graphiteUrl).isEqualTo("http://graphite");
        assertThat(o.statsdInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.notificationHttpEndpoint).isEqualTo("http://notify");
    }

    @Test
    void versionPrintsNsqadminsLine() {
        assertThatThrownBy(() -> NsqadminCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isZero())
                .hasMessage("nsqadmin v1.3.0 (built w/jnsq " + Version.JNSQ + ")");
    }

    @Test
    void badValuesAndUnknownFlagsExitAsGo() {
        assertThatThrownBy(() -> NsqadminCommandLine.parse("--statsd-interval=often"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessage("invalid value \"often\" for flag -statsd-interval: parse error");
        assertThatThrownBy(() -> NsqadminCommandLine.parse("--tcp-address=:4150"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("flag provided but not defined: -tcp-address\nUsage of nsqadmin:");
    }

    @Test
    void usageListsEveryFlagWithNsqsDefaults() {
        assertThat(NsqadminCommandLine.usage()).startsWith("Usage of nsqadmin:\n  -acl-http-header string\n")
                .contains("(default \"0.0.0.0:4171\")", "(default 1m0s)", "(default \"127.0.0.1/8\")",
                        "(default \"[nsqadmin] \")", "\n  -lookupd-http-address value\n");
    }
}
