package io.jnsq.apps.nsqd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.nsqd.NsqdOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void keysAreNsqsConfigNames() throws Exception {
        Path config = write("""
                id = 77
                log_level = "DEBUG"
                tcp_address = "127.0.0.1:5150"
                nsqlookupd_tcp_addresses = ["a:4160", "b:4160"]
                auth_http_addresses = ["auth:4181"]
                enable_experiment = ["topology-aware-consumption"]
                http_client_connect_timeout = "3s"
                mem_queue_size = 5
                msg_timeout = "90s"
                max_msg_timeout = "1h0m0s"
                statsd_mem_stats = false
                e2e_processing_latency_percentiles = [0.5, 1, 0.99]
                tls_cert = "cert.pem"
                tls_key = "key.pem"
                tls_required = "tcp-https"
                tls_min_version = "tls1.2"
                deflate = false
                max_deflate_level = 9
                """);

        NsqdOptions o = NsqdCommandLine.parse("--config=" + config);

        assertThat(o.nodeId).isEqualTo(77);
        assertThat(o.logLevel).isEqualTo("debug");
        assertThat(o.tcpAddress).isEqualTo("127.0.0.1:5150");
        assertThat(o.nsqlookupdTcpAddresses).containsExactly("a:4160", "b:4160");
        assertThat(o.authHttpAddresses).containsExactly("auth:4181");
        assertThat(o.enableExperiments).containsExactly("topology-aware-consumption");
        assertThat(o.httpClientConnectTimeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.memQueueSize).isEqualTo(5);
        assertThat(o.msgTimeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.maxMsgTimeout).isEqualTo(Duration.ofHours(1));
        assertThat(o.statsdMemStats).isFalse();
        assertThat(o.e2eProcessingLatencyPercentiles).containsExactly(1.0, 0.99, 0.5);
        assertThat(o.tlsCert).isEqualTo("cert.pem");
        assertThat(o.tlsRequired).isEqualTo(1);
        assertThat(o.tlsMinVersion).isEqualTo("tls1.2");
        assertThat(o.deflate).isFalse();
        assertThat(o.maxDeflateLevel).isEqualTo(9);
    }

    @Test
    void tlsRequiredAcceptsABool() throws Exception {
        Path config = write("tls_cert = \"c\"\ntls_key = \"k\"\ntls_required = true\n");

        assertThat(NsqdCommandLine.parse("--config", config.toString()).tlsRequired).isEqualTo(2);
    }

    @Test
    void aBareNumberForADurationIsMilliseconds() throws Exception {
        Path config = write("sync_timeout = 500\n");

        assertThat(NsqdCommandLine.parse("--config=" + config).syncTimeout).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aStringForAListSplitsOnCommas() throws Exception {
        Path config = write("nsqlookupd_tcp_addresses = \"a:4160,b:4160\"\n");

        assertThat(NsqdCommandLine.parse("--config=" + config).nsqlookupdTcpAddresses)
                .containsExactly("a:4160", "b:4160");
    }

    @Test
    void flagsBeatTheFileWhichBeatsTheDefaults() throws Exception {
        Path config = write("""
                mem_queue_size = 5
                tcp_address = "127.0.0.1:5150"
                nsqlookupd_tcp_addresses = ["from-file:4160"]
                """);

        NsqdOptions o = NsqdCommandLine.parse("--mem-queue-size=7", "--config=" + config,
                "--lookupd-tcp-address=from-flag:4160");

        assertThat(o.memQueueSize).isEqualTo(7);
        assertThat(o.tcpAddress).isEqualTo("127.0.0.1:5150");
        assertThat(o.nsqlookupdTcpAddresses).containsExactly("from-flag:4160");
        assertThat(o.httpAddress).isEqualTo("0.0.0.0:4151");
    }

    @Test
    void keysNsqDoesNotKnowAreIgnored() throws Exception {
        Path config = write("""
                node_id = 5
                verbose = true
                something_else = "x"
                [table]
                tcp_address = "127.0.0.1:1"
                """);

        assertThat(NsqdCommandLine.parse("--config=" + config)).usingRecursiveComparison()
                .isEqualTo(NsqdCommandLine.parse());
    }

    @Test
    void aValueThatDoesNotParseStopsNsqd() throws IOException {
        Path config = write("mem_queue_size = \"abc\"\n");

        assertFatal("failed to load config file " + config + " - invalid value \"abc\" for mem_queue_size: parse error",
                "--config=" + config);
    }

    @Test
    void aFileThatIsNotTomlStopsNsqdSayingWhere() throws IOException {
        Path config = write("# nsqd\nmem_queue_size = 5\ntcp_address = \n");

        assertThatThrownBy(() -> NsqdCommandLine.parse("--config=" + config))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessageStartingWith("failed to load config file " + config + " - line 3, column 15: ");
    }

    @Test
    void aDirectoryGivenAsTheFileStopsNsqd() {
        assertFatal("failed to load config file " + dir + " - read " + dir + ": is a directory", "--config=" + dir);
    }

    @Test
    void aMissingFileStopsNsqd() {
        Path missing = dir.resolve("missing.cfg");

        assertFatal("failed to load config file " + missing + " - open " + missing + ": no such file or directory",
                "--config=" + missing);
    }

    @Test
    void fileValuesAreValidatedLikeFlags() throws IOException {
        Path config = write("id = 4096\n");

        assertFatal("failed to instantiate nsqd - --node-id must be [0,1024)", "--config=" + config);
    }

    @Test
    void versionIsAnsweredBeforeTheFileIsRead() {
        assertThatThrownBy(() -> NsqdCommandLine.parse("--config=" + dir.resolve("missing.cfg"), "--version"))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isZero());
    }

    private Path write(String toml) throws IOException {
        return Files.writeString(dir.resolve("nsqd.cfg"), toml);
    }

    private static void assertFatal(String message, String... args) {
        assertThatThrownBy(() -> NsqdCommandLine.parse(args))
                .isInstanceOfSatisfying(CommandLineExit.class, exit -> assertThat(exit.exitCode()).isEqualTo(1))
                .hasMessage(message);
    }
}
