package io.jnsq.bench;

import io.jnsq.protocol.GoDuration;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a benchmark as NSQ's bench tools do: connect and prepare one worker per processor, in turn; sleep until
 * the deadline if one is given; then release all workers at once and time until the last one stops. A worker
 * that fails closes every connection, so the run ends at once and reports that failure. With a warm-up (a jnsq
 * extension), the workers run that long first, and the time and what they moved are counted from its end.
 */
final class BenchRunner {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss Z z");

    /** One connection's share of the benchmark. */
    interface Worker extends Closeable {
        /**
         * Runs from the start signal until {@code period} is over; returns the messages moved in what
         * {@link RunPeriod#counts} (after the warm-up).
         */
        long run(RunPeriod period) throws IOException;
    }

    /** Connects worker {@code id}; the handshake happens here, before timing starts. */
    interface WorkerFactory {
        Worker connect(int id) throws IOException;
    }

    private final RunPeriod period;
    private final GoLog log;

    BenchRunner(Duration warmup, Duration runfor, GoLog log) {
        this.period = new RunPeriod(warmup, runfor);
        this.log = log;
    }

    /** The number of workers: one per available processor, like GOMAXPROCS. */
    static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Ends the run now instead of after {@code --runfor}. */
    void stop() {
        period.endNow();
    }

    BenchResult run(int workerCount, WorkerFactory factory, ZonedDateTime deadline, int size)
            throws IOException, InterruptedException {
        List<Worker> workers = new ArrayList<>(workerCount);
        try {
            for (int i = 0; i < workerCount; i++) {
                workers.add(factory.connect(i));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(workers);
            throw e;
        }

        CountDownLatch go = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(workerCount);
        for (int i = 0; i < workerCount; i++) {
            Worker worker = workers.get(i);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    total.addAndGet(worker.run(period));
                } catch (Throwable t) {
                    if (failure.compareAndSet(null, t)) {
                        closeAll(workers);
                    }
                } finally {
                    closeQuietly(worker);
                }
            }, "bench-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }

        if (deadline != null) {
            Duration wait = Duration.between(ZonedDateTime.now(deadline.getZone()), deadline);
            log.printf("sleeping until %s (%s)", GO_TIME.format(deadline), GoDuration.format(wait));
            if (!wait.isNegative()) {
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            }
        }

        long start = System.nanoTime();
        period.start(start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();

        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        } else if (t != null) {
            throw new IOException(t.toString(), t);
        }
        return new BenchResult(total.get(), Duration.ofNanos(Math.max(0, end - period.measuredFrom())), size);
    }

    private static void closeAll(List<Worker> workers) {
        for (Worker worker : workers) {
            closeQuietly(worker);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing after a failure or at the end: nothing left to report
        }
    }
}
