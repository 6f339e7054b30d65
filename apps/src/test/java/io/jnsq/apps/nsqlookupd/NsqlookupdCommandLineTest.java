package io.jnsq.apps.nsqlookupd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.common.Version;
import io.jnsq.common.flags.Flag;
import io.jnsq.protocol.Hostname;
import io.jnsq.nsqlookupd.NsqlookupdFlags;
import io.jnsq.nsqlookupd.NsqlookupdOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsqlookupdCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void everyFlagOfNsqlookupdIsDeclared() {
        assertThat(NsqlookupdFlags.ALL).extracting(Flag::name).containsExactly("config", "version", "log-level",
                "log-prefix", "verbose", "tcp-address", "http-address", "broadcast-address",
                "inactive-producer-timeout", "tombstone-lifetime");
    }

    @Test
    void noArgumentsGiveNsqDefaults() throws Exception {
        NsqlookupdOptions o = NsqlookupdCommandLine.parse();

        assertThat(o.logLevel).isEqualTo("info");
        assertThat(o.logPrefix).isEqualTo("[nsqlookupd] ");
        assertThat(o.tcpAddress).isEqualTo("0.0.0.0:4160");
        assertThat(o.httpAddress).isEqualTo("0.0.0.0:4161");
        assertThat(o.broadcastAddress).isEqualTo(Hostname.os());
        assertThat(o.inactiveProducerTimeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.tombstoneLifetime).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void flagsTakeOneOrTwoDashesAndEqualsOrASpace() throws Exception {
        NsqlookupdOptions o = NsqlookupdCommandLine.parse("-tcp-address=127.0.0.1:5160", "--http-address",
                "127.0.0.1:5161", "--broadcast-address=lookupd.example", "-inactive-producer-timeout", "1m30s",
                "--tombstone-lifetime=250ms", "--log-level=DEBUG", "--log-prefix=[x] ", "--verbose");

        assertThat(o.tcpAddress).isEqualTo("127.0.0.1:5160");
        assertThat(o.httpAddress).isEqualTo("127.0.0.1:5161");
        assertThat(o.broadcastAddress).isEqualTo("lookupd.example");
        assertThat(o.inactiveProducerTimeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.tombstoneLifetime).isEqualTo(Duration.ofMillis(250));
        assertThat(o.logLevel).isEqualTo("debug");
        assertThat(o.logPrefix).isEqualTo("[x] ");
    }

    @Test
    void theConfigFileUsesNsqsKeysAndTheCommandLineWins() throws Exception {
        Path config = Files.writeString(dir.resolve("nsqlookupd.cfg"), """
                log_level = "warn"
                log_prefix = "[lk] "
                tcp_address = "127.0.0.1:6160"
                http_address = "127.0.0.1:6161"
                broadcast_address = "from-file"
                inactive_producer_timeout = "10s"
                tombstone_lifetime = 2000
                unknown_key = 1
                """);

        NsqlookupdOptions o = NsqlookupdCommandLine.parse("--config=" + config, "--tcp-address=127.0.0.1:7160");

        assertThat(o.logLevel).isEqualTo("warn");
        assertThat(o.logPrefix).isEqualTo("[lk] ");
        assertThat(o.tcpAddress).isEqualTo("127.0.0.1:7160");
        assertThat(o.httpAddress).isEqualTo("127.0.0.1:6161");
        assertThat(o.broadcastAddress).isEqualTo("from-file");
        assertThat(o.inactiveProducerTimeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.tombstoneLifetime).isEqualTo(Duration.ofSeconds(2)); // a bare number is milliseconds
    }

    @Test
    void versionPrintsNsqlookupdsLine() {
        assertThatThrownBy(() -> NsqlookupdCommandLine.parse("--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> {
                    assertThat(exit.kind()).isEqualTo(CommandLineExit.Kind.VERSION);
                    assertThat(exit.exitCode()).isZero();
                })
                .hasMessage("nsqlookupd v1.3.0 (built w/jnsq " + Version.JNSQ + ")");
    }

    @Test
    void badValuesAndUnknownFlagsExitAsGo() {
        assertThatThrownBy(() -> NsqlookupdCommandLine.parse("--tombstone-lifetime=soon"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessage("invalid value \"soon\" for flag -tombstone-lifetime: parse error");
        assertThatThrownBy(() -> NsqlookupdCommandLine.parse("--data-path=/tmp"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("flag provided but not defined: -data-path\nUsage of nsqlookupd:");
    }

    @Test
    void usageListsEveryFlagWithNsqsDefaults() {
        String usage = NsqlookupdCommandLine.usage();
        assertThat(usage).startsWith("Usage of nsqlookupd:\n  -broadcast-address string\n")
                .contains("\n  -tcp-address string\n    \t<addr>:<port> to listen on for TCP clients"
                        + " (default \"0.0.0.0:4160\")\n")
                .contains("\n  -inactive-producer-timeout duration\n")
                .contains("(default 5m0s)")
                .contains("(default 45s)")
                .contains("(default \"[nsqlookupd] \")");
    }
}
