package io.jnsq.apps.tools;

import io.jnsq.client.Consumer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tool's consumers, one per topic, stopped together at its end. */
public final class ConsumerGroup implements Iterable<Consumer> {
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
    private final String stopThreadName;

    /** @param app the tool's name, for the threads that stop its consumers */
    public ConsumerGroup(String app) {
        this.stopThreadName = app + "-stop";
    }

    public void add(Consumer consumer) {
        consumers.add(consumer);
    }

    @Override
    public Iterator<Consumer> iterator() {
        return consumers.iterator();
    }

    /**
     * Each consumer stops as go-nsq's {@code Stop}, all at once rather than one after the other: CLS, delivered
     * messages handled, then closed. Returns when every one has stopped.
     */
    public void stopAll() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (Consumer consumer : consumers) {
            Thread thread = new Thread(consumer::close, stopThreadName);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join();
        }
    }
}
