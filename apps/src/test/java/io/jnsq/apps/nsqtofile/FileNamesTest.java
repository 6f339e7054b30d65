package io.jnsq.apps.nsqtofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 11, 21, 12, 30, 0, 0, ZoneId.of("UTC"));

    @Test
    void defaultIsTopicShortHostAndHourWithoutRevision() throws Exception {
        assertThat(names("--topic=app_t").at(NOON)).isEqualTo("app_t.vm.2026-11-21_12.log");
    }

    @Test
    void revisionStaysWhenFilesMayBeRotatedAndGzipAddsGz() throws Exception {
        FileNames names = names("--topic=t", "--gzip");

        assertThat(names.at(NOON)).isEqualTo("t.vm<REV>.2026-11-21_12.log.gz");
        assertThat(FileNames.withRevision(names.at(NOON), 12)).isEqualTo("t.vm-000012.2026-11-21_12.log.gz");
    }

    @Test
    void gzIsNotAddedTwice() throws Exception {
        assertThat(names("--topic=t", "--gzip", "--filename-format=<TOPIC><REV>.gz").at(NOON))
                .isEqualTo("t<REV>.gz");
    }

    @Test
    void everyToken() throws Exception {
        FileNames names = names("--topic=t", "--rotate-size=1", "--datetime-format=%Y%m%d%H%M",
                "--filename-format=<TOPIC>/<HOST>/<PID>/<DATETIME><REV>/<TOPIC>");

        assertThat(names.at(NOON)).isEqualTo("t/vm/4242/202611211230<REV>/t");
    }

    @Test
    void hostIdentifierReplacesTheHostWithItsTokens() throws Exception {
        assertThat(names("--topic=t", "--host-identifier=<SHORT_HOST>+<HOSTNAME>+x").at(NOON))
                .isEqualTo("t.vm+vm.example.com+x.2026-11-21_12.log");
    }

    private static FileNames names(String... flags) throws Exception {
        String[] args = new String[flags.length + 1];
        System.arraycopy(flags, 0, args, 0, flags.length);
        args[flags.length] = "--nsqd-tcp-address=127.0.0.1:4150";
        NsqToFileOptions options = NsqToFileCommandLine.parse(args);
        return new FileNames(options, options.topics.get(0), "vm.example.com", 4242);
    }
}
