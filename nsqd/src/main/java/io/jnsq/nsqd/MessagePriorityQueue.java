package io.jnsq.nsqd;

import java.util.Arrays;
import java.util.List;

/**
 * A binary min-heap of messages keyed by {@link Message#priority}: a channel's deferred messages, whose ready
 * times come in any order. Each message knows its index, so removing one is O(log n). Not thread-safe: the
 * owner serializes access.
 */
final class MessagePriorityQueue {
    private static final int MIN_CAPACITY = 16;
    private Message[] heap;
    private int size;

    MessagePriorityQueue(int initialCapacity) {
        heap = new Message[Math.max(MIN_CAPACITY, initialCapacity)];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(Message m, long priority) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        m.priority = priority;
        m.index = size;
        heap[size++] = m;
        siftUp(m.index);
    }

    /** The message with the smallest priority, or {@code null}. */
    Message peek() {
        return size == 0 ? null : heap[0];
    }

    /** Removes and returns the head if its priority is at most {@code max}, else {@code null}. */
    Message pollIfDue(long max) {
        if (size == 0 || heap[0].priority > max) {
            return null;
        }
        Message head = heap[0];
        remove(head);
        return head;
    }

    /** Removes {@code m}, which must be in this queue. */
    void remove(Message m) {
        int i = m.index;
        int last = --size;
        if (i != last) {
            move(heap[last], i);
            heap[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[last] = null;
        }
        m.index = -1;
        if (heap.length > MIN_CAPACITY * 4 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    /** The messages, in no particular order; the queue is unchanged. */
    List<Message> snapshot() {
        return Arrays.asList(Arrays.copyOf(heap, size));
    }

    /** Removes every message, handing each to {@code sink} in no particular order. */
    void drainTo(java.util.function.Consumer<Message> sink) {
        for (int i = 0; i < size; i++) {
            Message m = heap[i];
            heap[i] = null;
            m.index = -1;
            sink.accept(m);
        }
        size = 0;
    }

    private void siftUp(int i) {
        Message m = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].priority <= m.priority) {
                break;
            }
            move(heap[parent], i);
            i = parent;
        }
        move(m, i);
    }

    private void siftDown(int i) {
        Message m = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].priority < heap[child].priority) {
                child = right;
            }
            if (m.priority <= heap[child].priority) {
                break;
            }
            move(heap[child], i);
            i = child;
        }
        move(m, i);
    }

    private void move(Message m, int i) {
        heap[i] = m;
        m.index = i;
    }
}
