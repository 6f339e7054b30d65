package io.jnsq.common.http;

import io.jnsq.protocol.GoQuote;
import java.nio.charset.StandardCharsets;

/**
 * NSQ's debug routes with the JVM's answers: where NSQ serves Go's pprof profiles, the nearest JVM report
 * ({@link JvmReports}); no CPU profile (that is a job for JFR or async-profiler, not for an event loop thread) and
 * no symbol lookup (Go program counters mean nothing here). {@code setblockrate} and {@code freememory} answer an
 * empty 200 where NSQ, by accident, answers 500 after doing the work (docs/compatibility.md).
 */
public final class DebugApi {
    /** Go's limit on a form body ({@code http.Request.ParseForm}). */
    public static final long MAX_FORM_BODY = 10 << 20;

    private static final String PROFILES = """
            jnsq debug routes, the JVM's counterparts of Go's /debug/pprof profiles:

            GET  /debug/pprof/cmdline        the process's command line, arguments separated by NUL bytes
            GET  /debug/pprof/goroutine      a thread dump: every thread with its stack and locks
            GET  /debug/pprof/heap           heap and non-heap usage, memory pools, garbage collectors
            GET  /debug/pprof/block          per thread: how often and how long it blocked and waited
            GET  /debug/pprof/threadcreate   thread counts: live, daemon, peak, started
            """;
    private static final String CONTROLS = """
            PUT  /debug/setblockrate?rate=N  N > 0 turns thread contention monitoring on (block times), N <= 0 off
            POST /debug/freememory           a full garbage collection (System.gc())
            """;

    private final String index;

    /** @param controls whether the daemon serves setblockrate and freememory (nsqd does, nsqlookupd does not) */
    public DebugApi(boolean controls) {
        this.index = controls ? PROFILES + CONTROLS : PROFILES;
    }

    public Object doIndex(Request request) {
        return index;
    }

    /** Go joins os.Args with NUL bytes. */
    public Object doCmdline(Request request) {
        return String.join("\0", JvmReports.commandLine());
    }

    public Object doGoroutine(Request request) {
        return JvmReports.threadDump();
    }

    public Object doHeap(Request request) {
        return JvmReports.heap();
    }

    public Object doBlock(Request request) {
        return JvmReports.contention();
    }

    public Object doThreadcreate(Request request) {
        return JvmReports.threadCounts();
    }

    /** {@code rate} from a form body or the query, parsed as Go's {@code strconv.Atoi}, with its error text. */
    public Object doSetBlockRate(Request request) throws HttpException {
        String rate = request.formValue("rate");
        String text = rate == null ? "" : rate;
        String error = atoiError(text);
        if (error != null) {
            // GoQuote reads one byte per char
            String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            throw new HttpException(400, "invalid block rate : strconv.Atoi: parsing " + GoQuote.quote(bytes) + ": "
                    + error);
        }
        JvmReports.setContentionMonitoring(Long.parseLong(text));
        return "";
    }

    /** Go's {@code debug.FreeOSMemory}: a full collection, after which the JVM may give memory back. */
    public Object doFreeMemory(Request request) {
        System.gc();
        return "";
    }

    /** Why {@code strconv.Atoi} (64-bit int) refuses {@code s}, or null when it parses. */
    static String atoiError(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            return "invalid syntax";
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return "invalid syntax";
            }
        }
        try {
            Long.parseLong(s);
            return null;
        } catch (NumberFormatException e) {
            return "value out of range";
        }
    }
}
