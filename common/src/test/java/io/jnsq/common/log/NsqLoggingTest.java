package io.jnsq.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class NsqLoggingTest {
    private static final String TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void linesHaveNsqsPrefixTimeAndLevelNames() {
        Logger log = configure("[nsqd] ", "debug");

        log.debug("d {}", 1);
        log.info("i");
        log.warn("w");
        log.error("e");
        log.error(NsqLogging.FATAL, "f");

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
        configure("custom> ", "info").info("hello");

        assertThat(lines()).singleElement().asString().matches("custom> " + TIME + " INFO: hello");
    }

    @Test
    void theLevelDropsLessSevereLines() {
        Logger log = configure("", "warn");

        log.info("dropped");
        log.warn("kept");

        assertThat(lines()).singleElement().asString().endsWith(" WARNING: kept");
    }

    @Test
    void fatalKeepsOnlyFatalLines() {
        Logger log = configure("", "FATAL");

        log.error("dropped");
        log.error(NsqLogging.FATAL, "kept");

        assertThat(lines()).singleElement().asString().endsWith(" FATAL: kept");
    }

    @Test
    void aThrowableFollowsItsLine() {
        configure("", "info").error("failed", new IllegalStateException("boom"));

        String[] lines = lines();
        assertThat(lines[0]).endsWith(" ERROR: failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void theLevelChangesAtRuntimeForNsqdsLoggers() {
        LoggerContext context = context();
        NsqLogging.configure(context, out, "", "info");
        Logger nsqd = context.getLogger("io.jnsq.nsqd.Topic");
        Logger other = context.getLogger("io.netty.Other");

        nsqd.debug("dropped");
        NsqLogging.setLevel(context, "DEBUG");
        nsqd.debug("kept");
        other.debug("other library stays at the level it started with");
        NsqLogging.setLevel(context, "fatal");
        nsqd.error("dropped at fatal");
        nsqd.error(NsqLogging.FATAL, "fatal kept");
        NsqLogging.setLevel(context, "warn");
        nsqd.info("dropped at warn");
        nsqd.error("error kept");

        assertThat(lines()).hasSize(3).satisfies(lines -> {
            assertThat(lines[0]).endsWith(" DEBUG: kept");
            assertThat(lines[1]).endsWith(" FATAL: fatal kept");
            assertThat(lines[2]).endsWith(" ERROR: error kept");
        });
    }

    private Logger configure(String prefix, String level) {
        LoggerContext context = context();
        NsqLogging.configure(context, out, prefix, level);
        return context.getLogger("test");
    }

    /** A context of its own, so the test leaves the global logging alone. */
    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private String[] lines() {
        return out.toString(StandardCharsets.UTF_8).split("\n");
    }
}
