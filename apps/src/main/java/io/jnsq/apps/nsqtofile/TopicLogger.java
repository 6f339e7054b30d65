package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.log.AppLog;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.client.ConnectionStats;
import io.jnsq.client.Consumer;
import io.jnsq.client.Message;
import io.jnsq.client.MessageHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One topic's consumer and its file, as NSQ's {@code FileLogger} router runs them: a thread of its own takes the
 * messages and the signals in turn, writes each body to the file as it comes, and finishes messages only once the
 * file holding them is synced, so a crash loses nothing nsqd would not deliver again.
 *
 * <p>The file is synced and the messages written since finished: when {@code --max-in-flight} of them wait, on
 * each {@code --sync-interval} tick, on SIGHUP (which also closes the file, opened again by the next message), and
 * whenever the consumer is starved. Starved is go-nsq's {@code IsStarved}: a connection has nearly as many messages
 * in flight as its RDY count (85%), so nsqd sends no more until some are finished. Once the stop has begun, the
 * file is synced whenever no event waits, so the messages still arriving are finished and the connections close.
 *
 * <p>Bodies are buffered while messages pour in and handed to the OS whenever the router has caught up, so a
 * reader of the file sees each line about when NSQ's unbuffered writes would show it.
 *
 * <p>A file that cannot be written to ends the tool with status 1, as NSQ's {@code log.Fatal}; the topic's
 * messages are requeued rather than finished from then on.
 */
final class TopicLogger implements MessageHandler {
    /** The RDY share above which a connection is starved, as go-nsq's. */
    private static final double STARVED = 0.85;

    private enum Event {
        /** The sync ticker. */
        TICK,
        /** SIGHUP. */
        HUP,
        /** The consumer is stopping: what still arrives is written and finished at once. */
        STOPPING,
        /** The consumer has stopped: the file is synced and closed. */
        STOPPED
    }

    private final NsqToFileOptions options;
    private final AppLog log;
    private final ToolEnd end;
    private final String label;
    private final FileLogger file;
    private final Consumer consumer;
    /** Messages and {@link Event}s, in the order they came. */
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** Written, not yet synced, so not yet finished. */
    private final List<Message> pending = new ArrayList<>();
    private final Thread router;
    private ScheduledFuture<?> ticker;
    private boolean stopping;
    private boolean failed;

    /** @throws IllegalArgumentException for a topic or channel name nsqd would refuse */
    TopicLogger(String topic, NsqToFileOptions options, Config config, FileNames names, AppLog log, ToolEnd end) {
        this.options = options;
        this.log = log;
        this.end = end;
        this.label = "[" + topic + "/" + options.channel + "]";
        this.file = new FileLogger(options, names, log, label);
        this.consumer = new Consumer(topic, options.channel, config, this);
        this.router = new Thread(this::route, NsqToFileCommandLine.APP + "-" + topic);
    }

    Consumer consumer() {
        return consumer;
    }

    /**
     * Starts the router and the sync ticker, then subscribes.
     *
     * @throws RuntimeException when the consumer cannot subscribe, after everything started is stopped again
     */
    void start(ConsumerSources sources, ScheduledExecutorService timers) {
        router.start();
        long interval = options.syncInterval.toNanos();
        ticker = timers.scheduleAtFixedRate(() -> events.add(Event.TICK), interval, interval, TimeUnit.NANOSECONDS);
        try {
            sources.connect(consumer);
        } catch (RuntimeException e) {
            consumer.close();
            stopped();
            throw e;
        }
    }

    @Override
    public void handle(Message message) {
        message.disableAutoResponse();
        events.add(message);
    }

    /** SIGHUP: sync and close the file. */
    void hup() {
        events.add(Event.HUP);
    }

    /** The consumer is about to stop: from now on, messages are finished as soon as they are written. */
    void stopping() {
        events.add(Event.STOPPING);
    }

    /** The consumer has stopped: sync, close the file, and end the router. */
    void stopped() {
        events.add(Event.STOPPED);
    }

    /** Waits for the router to end. */
    void await() throws InterruptedException {
        router.join();
    }

    private void route() {
        try {
            boolean running = true;
            while (running) {
                Object event = events.take();
                running = failed ? refuse(event) : handle(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticker.cancel(false);
        }
    }

    /** @return whether to go on */
    private boolean handle(Object event) {
        boolean sync = false;
        boolean closeFile = false;
        boolean exit = false;
        try {
            if (event instanceof Message message) {
                if (file.needsRotation()) {
                    file.openNext();
                    sync = true;
                }
                file.write(message.body());
                pending.add(message);
                sync |= pending.size() >= options.maxInFlight;
            } else {
                switch ((Event) event) {
                    case TICK -> {
                        if (file.needsRotation()) {
                            if (options.skipEmptyFiles) {
                                closeFile = true;
                            } else {
                                file.openNext();
                            }
                        }
                        sync = true;
                    }
                    case HUP -> {
                        sync = true;
                        closeFile = true;
                    }
                    case STOPPING -> {
                        stopping = true;
                        sync = true;
                    }
                    case STOPPED -> {
                        sync = true;
                        closeFile = true;
                        exit = true;
                    }
                }
            }
            if (sync || (stopping && events.isEmpty()) || starved()) {
                syncPending();
            }
            if (closeFile) {
                file.close();
            } else if (file.isOpen() && events.isEmpty()) {
                // caught up: what was written shows in the file, as NSQ's unbuffered writes do
                file.flush();
            }
        } catch (IOException e) {
            fail(e);
        }
        return !exit;
    }

    /** After a failure: nothing more is written, every message goes back to nsqd. */
    private boolean refuse(Object event) {
        if (event instanceof Message message) {
            message.requeueWithoutBackoff(Duration.ZERO);
        }
        return event != Event.STOPPED;
    }

    private void syncPending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        log.info("%s syncing %d records to disk", label, pending.size());
        file.sync();
        for (Message message : pending) {
            message.finish();
        }
        pending.clear();
    }

    /** go-nsq's {@code IsStarved}: a connection with nearly as many messages in flight as its RDY count. */
    private boolean starved() {
        for (ConnectionStats connection : consumer.connectionStats()) {
            long threshold = (long) (connection.rdy() * STARVED);
            if (connection.inFlight() > 0 && connection.inFlight() >= threshold) {
                return true;
            }
        }
        return false;
    }

    private void fail(IOException e) {
        log.fatal("%s %s", label, e.getMessage());
        failed = true;
        for (Message message : pending) {
            message.requeueWithoutBackoff(Duration.ZERO);
        }
        pending.clear();
        end.complete(1);
    }
}
