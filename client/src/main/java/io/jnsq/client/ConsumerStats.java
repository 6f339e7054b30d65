package io.jnsq.client;

/**
 * A consumer's counts since it started, as go-nsq's {@code ConsumerStats}.
 *
 * @param messagesReceived messages nsqd delivered
 * @param messagesFinished FIN sent
 * @param messagesRequeued REQ sent
 * @param connections connections open now
 */
public record ConsumerStats(long messagesReceived, long messagesFinished, long messagesRequeued, int connections) {
}
