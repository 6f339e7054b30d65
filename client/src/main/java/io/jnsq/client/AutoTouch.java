package io.jnsq.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's auto-TOUCH: the messages its handlers hold (running, or kept after
 * {@link Message#disableAutoResponse()} until answered) are touched each time half of the msg_timeout nsqd granted
 * has passed. Off until enabled; holding and releasing cost nothing then.
 */
final class AutoTouch {
    /** How often held messages are looked at: a quarter of nsqd's smallest msg_timeout (1 s). */
    private static final long TICK_MILLIS = 250;

    private final ScheduledExecutorService timers;
    private final Set<Message> held = ConcurrentHashMap.newKeySet();
    private volatile boolean enabled;
    private ScheduledFuture<?> ticking;

    AutoTouch(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    synchronized void enable(boolean on) {
        enabled = on;
        if (on && ticking == null) {
            ticking = timers.scheduleWithFixedDelay(this::touchHeld, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else if (!on && ticking != null) {
            ticking.cancel(false);
            ticking = null;
            held.clear();
        }
    }

    /** A handler takes the message. */
    void hold(Message message) {
        if (enabled) {
            held.add(message);
        }
    }

    /** The message was answered. */
    void release(Message message) {
        if (enabled) {
            held.remove(message);
        }
    }

    private void touchHeld() {
        long now = System.nanoTime();
        for (Message message : held) {
            if (message.hasResponded()) {
                held.remove(message); // answered while auto-TOUCH was being turned on
            } else if (message.halfTimedOut(now)) {
                message.touch();
            }
        }
    }
}
