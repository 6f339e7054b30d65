package io.jnsq.client;

import io.jnsq.protocol.HostPort;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's discovery, as go-nsq's: the topic's nsqd asked of nsqlookupd at once and then every
 * {@code lookupd_poll_interval} (the first wait lengthened by up to {@code lookupd_poll_jitter} of it), the
 * lookupds asked in turns; what they answer goes to {@code found}.
 */
final class LookupdPoller {
    private static final Logger log = LoggerFactory.getLogger(LookupdPoller.class);

    private final String topic;
    private final Config config;
    private final ScheduledExecutorService timers;
    private final Consumer<List<HostPort>> found;
    private final CopyOnWriteArrayList<String> lookupds = new CopyOnWriteArrayList<>();
    private volatile LookupdClient client;
    private volatile boolean stopped;
    private ScheduledFuture<?> poll;
    private int next;

    LookupdPoller(String topic, Config config, ScheduledExecutorService timers, Consumer<List<HostPort>> found) {
        this.topic = topic;
        this.config = config;
        this.timers = timers;
        this.found = found;
    }

    /** Adds a lookupd ({@code host:port} or a URL) and asks it now; polling starts with the first. */
    void add(String httpAddress) {
        LookupdClient.lookupUri(httpAddress, topic); // fails fast on a malformed address
        if (!lookupds.addIfAbsent(httpAddress)) {
            return;
        }
        synchronized (this) {
            if (client == null) {
                client = new LookupdClient(config);
            }
            if (poll == null) {
                long interval = config.lookupdPollInterval().toMillis();
                long jitter = (long) (ThreadLocalRandom.current().nextDouble() * config.lookupdPollJitter()
                        * interval);
                poll = timers.scheduleWithFixedDelay(this::query, interval + jitter, interval, TimeUnit.MILLISECONDS);
            }
        }
        query();
    }

    /** Whether any lookupd was given: a consumer with lookupds does not redial lost nsqd itself. */
    boolean isEmpty() {
        return lookupds.isEmpty();
    }

    synchronized void stop() {
        stopped = true;
        if (poll != null) {
            poll.cancel(false);
        }
    }

    private void query() {
        if (stopped || lookupds.isEmpty()) {
            return;
        }
        String lookupd;
        synchronized (this) {
            lookupd = lookupds.get(next++ % lookupds.size());
        }
        // not on the timer thread, which a slow nsqlookupd would keep from ending a backoff
        client.lookup(lookupd, topic).whenComplete((producers, failure) -> {
            if (failure != null) {
                log.error("error querying nsqlookupd ({}) - {}", lookupd,
                        (failure.getCause() != null ? failure.getCause() : failure).getMessage());
            } else if (!stopped) {
                found.accept(producers);
            }
        });
    }
}
