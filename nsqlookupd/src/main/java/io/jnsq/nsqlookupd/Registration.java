package io.jnsq.nsqlookupd;

/**
 * A key of the registration DB: {@code client::} for every identified nsqd, {@code topic:<t>:} and
 * {@code channel:<t>:<c>}. In a query a key or subkey of {@code *} matches any, as in NSQ.
 *
 * @param category {@link #CLIENT}, {@link #TOPIC} or {@link #CHANNEL}
 * @param key the topic, empty for a client
 * @param subKey the channel, empty for a client or a topic
 */
public record Registration(String category, String key, String subKey) {
    public static final String CLIENT = "client";
    public static final String TOPIC = "topic";
    public static final String CHANNEL = "channel";
    /** Matches any key or subkey in a query. */
    public static final String ANY = "*";

    /** Where every identified peer is registered, whatever it produces. */
    public static Registration client() {
        return new Registration(CLIENT, "", "");
    }

    public static Registration topic(String topic) {
        return new Registration(TOPIC, topic, "");
    }

    public static Registration channel(String topic, String channel) {
        return new Registration(CHANNEL, topic, channel);
    }

    /** Whether this key answers the query, where a key or subkey of {@code *} matches any. */
    boolean matches(String category, String key, String subKey) {
        return this.category.equals(category)
                && (key.equals(ANY) || this.key.equals(key))
                && (subKey.equals(ANY) || this.subKey.equals(subKey));
    }

    /** NSQ's name for the key in {@code /debug}: {@code category:key:subkey}. */
    @Override
    public String toString() {
        return category + ":" + key + ":" + subKey;
    }
}
