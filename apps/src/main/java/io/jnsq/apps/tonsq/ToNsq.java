package io.jnsq.apps.tonsq;

import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.log.GoLog;
import io.jnsq.apps.tools.ToolConfig;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.client.Producer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * to_nsq's work: stdin split into records at the delimiter, each non-empty record published (PUB) to every nsqd
 * given, and answered by all of them before the next is read; at the end of the input, the producers are closed
 * and the status is 0. A failed publish is fatal. Records are read on a thread of their own, so that SIGINT and
 * SIGTERM end the tool (status 0) while it waits for input.
 */
public final class ToNsq implements ToolMain.Tool {
    private final ToNsqOptions options;
    private final InputStream stdin;
    private final ToolEnd end = new ToolEnd();
    private final List<Producer> producers = new ArrayList<>();

    public ToNsq(ToNsqOptions options, InputStream stdin) {
        this.options = options;
        this.stdin = stdin;
    }

    @Override
    public int run() throws Exception {
        try {
            Config config;
            try {
                config = ToolConfig.builder(ToNsqCommandLine.APP, options.producerOptions).build();
                // one producer per address, as NSQ's map of them
                for (String address : new LinkedHashSet<>(options.nsqdTcpAddresses)) {
                    producers.add(new Producer(address, config));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("failed to create nsq.Producer - " + e.getMessage(), e);
            }
            Throttle throttle = null;
            if (options.rate >= 1) {
                GoLog.printf("Throttling messages rate to max:%d/second", options.rate);
                throttle = new Throttle(options.rate);
            }
            Throttle limit = throttle;
            Thread reader = new Thread(() -> readAndPublish(limit), "to_nsq-stdin");
            reader.setDaemon(true); // a read of stdin cannot be interrupted: a signal leaves it behind
            reader.start();
            return end.await();
        } finally {
            for (Producer producer : producers) {
                producer.close();
            }
        }
    }

    /** SIGINT or SIGTERM: no more records; the producers are closed. */
    @Override
    public void stop() {
        end.stop();
    }

    private void readAndPublish(Throttle throttle) {
        try {
            byte delimiter = ToNsqCommandLine.delimiterBytes(options.delimiter)[0];
            RecordReader records = new RecordReader(stdin, delimiter);
            for (byte[] record = records.next(); record != null && !end.isDone(); record = records.next()) {
                if (record.length == 0) {
                    continue;
                }
                if (throttle != null) {
                    throttle.acquire();
                }
                publish(record);
            }
            end.complete(0);
        } catch (IOException e) {
            end.fail(new IOException("failed to read stdin - " + e.getMessage(), e));
        } catch (InterruptedException e) {
            end.complete(0);
        } catch (RuntimeException e) {
            end.fail(e);
        }
    }

    /** PUB to every nsqd at once, and wait for every answer. */
    private void publish(byte[] record) {
        List<CompletableFuture<Void>> answers = new ArrayList<>(producers.size());
        for (Producer producer : producers) {
            answers.add(producer.publishAsync(options.topic, record));
        }
        for (CompletableFuture<Void> answer : answers) {
            try {
                answer.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }
}
