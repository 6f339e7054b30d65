package io.jnsq.client;

/**
 * One of a consumer's connections: counts since it was made, and its state now.
 *
 * @param nsqdAddress the nsqd's TCP address, {@code host:port}
 * @param messagesReceived messages this nsqd delivered on the connection
 * @param messagesFinished FIN sent on it
 * @param messagesRequeued REQ sent on it
 * @param inFlight messages delivered and not yet answered
 * @param rdy the RDY count last sent
 */
public record ConnectionStats(String nsqdAddress, long messagesReceived, long messagesFinished,
        long messagesRequeued, int inFlight, long rdy) {
}
