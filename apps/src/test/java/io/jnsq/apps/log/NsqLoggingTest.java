package io.jnsq.apps.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

class NsqLoggingTest {
    private static final String TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";
    private static final Marker FATAL = MarkerFactory.getMarker(NsqLogging.FATAL_MARKER);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Logger nsqd = LoggerFactory.getLogger("io.jnsq.nsqd.Topic");
    private final Logger netty = LoggerFactory.getLogger("io.netty.channel.Other");

    @AfterEach
    void backToStderr() {
        NsqLogging.configure(System.err, "", "warn");
    }

    @Test
    void theBinariesLogThroughNsqsProvider() {
        assertThat(LoggerFactory.getILoggerFactory().getLogger("x")).isInstanceOf(NsqLogger.class);
    }

    @Test
    void linesHaveNsqsPrefixTimeAndLevelNames() {
        configure("[nsqd] ", "debug");

        nsqd.debug("d {}", 1);
        nsqd.info("i");
        nsqd.warn("w");
        nsqd.error("e");
        nsqd.error(FATAL, "f");

        assertThat(lines()).hasSize(5).satisfies(lines -> {
            assertThat(lines[0]).matches("\\[nsqd] " + TIME + " DEBUG: d 1");
            assertThat(lines[1]).matches("\\[nsqd] " + TIME + " INFO: i");
            assertThat(lines[2]).matches("\\[nsqd] " + TIME + " WARNING: w");
            assertThat(lines[3]).matches("\\[nsqd] " + TIME + " ERROR: e");
            assertThat(lines[4]).matches("\\[nsqd] " + TIME + " FATAL: f");
        });
    }

    @Test
    void thePrefixIsTheLogPrefixOption() {
        configure("custom> ", "info");

        nsqd.info("hello");

        assertThat(lines()).singleElement().asString().matches("custom> " + TIME + " INFO: hello");
    }

    @Test
    void theTimeIsLocalWithMicroseconds() {
        String line = NsqLogging.line("p ", java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_007_000)
                .atZone(java.time.ZoneId.systemDefault()).toInstant(), "INFO", "m");

        assertThat(line).isEqualTo("p 2026/01/02 03:04:05.006007 INFO: m\n");
    }

    @Test
    void theLevelDropsLessSevereLines() {
        configure("", "warn");

        nsqd.info("dropped");
        nsqd.warn("kept");

        assertThat(lines()).singleElement().asString().endsWith(" WARNING: kept");
    }

    @Test
    void fatalKeepsOnlyFatalLines() {
        configure("", "FATAL");

        nsqd.error("dropped");
        nsqd.error(FATAL, "kept");

        assertThat(lines()).singleElement().asString().endsWith(" FATAL: kept");
    }

    @Test
    void aThrowableFollowsItsLine() {
        configure("", "info");

        nsqd.error("failed", new IllegalStateException("boom"));

        String[] lines = lines();
        assertThat(lines[0]).endsWith(" ERROR: failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void otherLibrariesWriteOnlyWarningsAndErrorsWhateverTheLevel() {
        configure("", "debug");

        netty.debug("Netty's start-up internals");
        netty.info("not ours");
        netty.warn("a leak");

        assertThat(lines()).singleElement().asString().endsWith(" WARNING: a leak");
    }

    @Test
    void theLevelChangesAtRuntime() {
        configure("", "info");

        nsqd.debug("dropped");
        NsqLogging.setLevel("DEBUG");
        nsqd.debug("kept");
        NsqLogging.setLevel("fatal");
        nsqd.error("dropped at fatal");
        nsqd.error(FATAL, "fatal kept");
        NsqLogging.setLevel("warn");
        nsqd.info("dropped at warn");
        nsqd.error("error kept");

        assertThat(lines()).hasSize(3).satisfies(lines -> {
            assertThat(lines[0]).endsWith(" DEBUG: kept");
            assertThat(lines[1]).endsWith(" FATAL: fatal kept");
            assertThat(lines[2]).endsWith(" ERROR: error kept");
        });
    }

    @Test
    void toolsLogAsGosLoggerAndGoNsqDo() {
        NsqLogging.configureGoNsq(new PrintStream(out, true, StandardCharsets.UTF_8));
        String goTime = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}";

        nsqd.debug("dropped at go-nsq's level");
        GoLog.printf("Adding consumer for topic: %s\n", "t");
        nsqd.info("(127.0.0.1:4150) connecting to nsqd");
        netty.warn("a leak");
        nsqd.error("e");

        assertThat(lines()).hasSize(4).satisfies(lines -> {
            assertThat(lines[0]).matches(goTime + " Adding consumer for topic: t");
            assertThat(lines[1]).matches(goTime + " INF \\(127.0.0.1:4150\\) connecting to nsqd");
            assertThat(lines[2]).matches(goTime + " WRN a leak");
            assertThat(lines[3]).matches(goTime + " ERR e");
        });
    }

    @Test
    void goLogAddsANewlineUnlessTheMessageEndsWithOne() {
        java.time.Instant time = java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_007_000)
                .atZone(java.time.ZoneId.systemDefault()).toInstant();

        assertThat(GoLog.line(time, "m")).isEqualTo("2026/01/02 03:04:05 m\n");
        assertThat(GoLog.line(time, "m\n")).isEqualTo("2026/01/02 03:04:05 m\n");
    }

    @Test
    void anUnknownLevelIsRefused() {
        assertThatThrownBy(() -> NsqLogging.setLevel("loud")).hasMessage("invalid log-level 'loud'");
    }

    private void configure(String prefix, String level) {
        NsqLogging.configure(new PrintStream(out, true, StandardCharsets.UTF_8), prefix, level);
    }

    private String[] lines() {
        return out.toString(StandardCharsets.UTF_8).split("\n");
    }
}
