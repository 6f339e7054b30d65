package io.jnsq.nsqd;

/** A client connection as nsqd's stats see it: consumers are listed under their channel, producers apart. */
public interface Client {
    /**
     * This connection's settings and counters now. Called from any thread while the connection works on its
     * own: each value is current, but the values are not taken at one instant.
     */
    ClientStats stats();
}
