package io.jnsq.common.http;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.MonitorInfo;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Plain-text reports on the running JVM, the nearest things to Go's pprof profiles that NSQ serves under
 * {@code /debug/pprof/}, for {@link DebugApi}. Sizes are in bytes, times in milliseconds.
 */
final class JvmReports {
    private JvmReports() {
    }

    /** Every thread with its whole stack and the locks it holds and waits for, as jstack shows them. */
    static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(),
                threads.isSynchronizerUsageSupported());
        Arrays.sort(infos, Comparator.comparingLong(ThreadInfo::getThreadId));
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        StringBuilder out = new StringBuilder("Full thread dump ").append(runtime.getVmName()).append(" (")
                .append(runtime.getVmVersion()).append("), ").append(infos.length).append(" threads:\n\n");
        for (ThreadInfo info : infos) {
            appendThread(out, info);
        }
        return out.toString();
    }

    private static void appendThread(StringBuilder out, ThreadInfo t) {
        out.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
        if (t.isDaemon()) {
            out.append(" daemon");
        }
        out.append(" prio=").append(t.getPriority()).append(' ').append(t.getThreadState());
        if (t.getLockOwnerName() != null) {
            out.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
        }
        if (t.isInNative()) {
            out.append(" (in native)");
        }
        out.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        for (int depth = 0; depth < stack.length; depth++) {
            out.append("\tat ").append(stack[depth]).append('\n');
            if (depth == 0 && t.getLockInfo() != null) {
                String verb = t.getThreadState() == Thread.State.BLOCKED ? "blocked on" : "waiting on";
                out.append("\t- ").append(verb).append(' ').append(t.getLockInfo()).append('\n');
            }
            for (MonitorInfo monitor : t.getLockedMonitors()) {
                if (monitor.getLockedStackDepth() == depth) {
                    out.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = t.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            out.append("\tLocked synchronizers:\n");
            for (LockInfo lock : synchronizers) {
                out.append("\t- ").append(lock).append('\n');
            }
        }
        out.append('\n');
    }

    /** Heap and non-heap usage, each memory pool, and each garbage collector's counts. */
    static String heap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        StringBuilder out = new StringBuilder("# memory\n");
        appendUsage(out, "heap", memory.getHeapMemoryUsage(), null);
        appendUsage(out, "non-heap", memory.getNonHeapMemoryUsage(), null);
        out.append("objects pending finalization: ").append(memory.getObjectPendingFinalizationCount()).append('\n');
        out.append("\n# memory pools\n");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.isValid()) {
                String type = pool.getType() == MemoryType.HEAP ? "heap" : "non-heap";
                appendUsage(out, pool.getName() + " (" + type + ")", pool.getUsage(), pool.getPeakUsage());
            }
        }
        out.append("\n# garbage collectors\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append(gc.getName()).append(": collections=").append(gc.getCollectionCount())
                    .append(" time_ms=").append(gc.getCollectionTime())
                    .append(" pools=").append(String.join(",", gc.getMemoryPoolNames())).append('\n');
        }
        return out.toString();
    }

    private static void appendUsage(StringBuilder out, String name, MemoryUsage usage, MemoryUsage peak) {
        out.append(name).append(": used=").append(usage.getUsed()).append(" committed=").append(usage.getCommitted())
                .append(" max=").append(usage.getMax());
        if (peak != null) {
            out.append(" peak_used=").append(peak.getUsed());
        }
        out.append('\n');
    }

    /**
     * How often and how long each thread blocked on a monitor or waited, Go's block profile's counterpart. The
     * times are -1 unless thread contention monitoring is on ({@code PUT /debug/setblockrate?rate=1}).
     */
    static String contention() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean monitoring = threads.isThreadContentionMonitoringSupported()
                && threads.isThreadContentionMonitoringEnabled();
        StringBuilder out = new StringBuilder("thread contention monitoring: ")
                .append(monitoring ? "on" : "off (times are -1; PUT /debug/setblockrate?rate=1 turns it on)")
                .append("\n\n");
        List<ThreadInfo> infos = new ArrayList<>(Arrays.asList(threads.getThreadInfo(threads.getAllThreadIds())));
        infos.removeIf(Objects::isNull); // threads that ended meanwhile
        infos.sort(Comparator.comparingLong(ThreadInfo::getThreadId));
        for (ThreadInfo t : infos) {
            out.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
                    .append(": blocked=").append(t.getBlockedCount()).append(" blocked_ms=").append(t.getBlockedTime())
                    .append(" waited=").append(t.getWaitedCount()).append(" waited_ms=").append(t.getWaitedTime())
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * Go's block profile rate, as far as the JVM has one: a positive rate turns thread contention monitoring on
     * (blocked and waited times are then measured), zero or less turns it off.
     */
    static void setContentionMonitoring(long rate) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(rate > 0);
        }
    }

    /** Thread counts, Go's threadcreate profile's counterpart. */
    static String threadCounts() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return "threads: live=" + threads.getThreadCount() + " daemon=" + threads.getDaemonThreadCount()
                + " peak=" + threads.getPeakThreadCount() + " started=" + threads.getTotalStartedThreadCount() + "\n";
    }

    /** The process's command line, the java executable first; the JVM's own view where the OS gives none. */
    static List<String> commandLine() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> args = new ArrayList<>();
        if (info.command().isPresent() && info.arguments().isPresent()) {
            args.add(info.command().get());
            args.addAll(Arrays.asList(info.arguments().get()));
        } else {
            args.add("java");
            args.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            args.addAll(Arrays.asList(System.getProperty("sun.java.command", "").split(" ")));
        }
        return args;
    }
}
