package io.jnsq.client;

/**
 * Handles one message, as go-nsq's {@code Handler}. Returning finishes the message (FIN); throwing requeues it
 * (REQ, with go-nsq's default delay) and makes the consumer back off. A handler that calls
 * {@link Message#disableAutoResponse()} answers the message itself.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(Message message) throws Exception;
}
