package io.jnsq.interop;

/**
 * One message as a client's handler saw it.
 *
 * @param body the body, as UTF-8
 * @param id the message id nsqd gave it (16 hex characters)
 * @param attempts how many times nsqd has delivered it, this time included
 * @param atMillis when it arrived, in milliseconds since the receiving side started its clock
 */
record Delivery(String body, String id, int attempts, long atMillis) {
}
