package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;

/**
 * nsqd's side of nsqlookupd's TCP protocol (V1, after the magic {@link Frames#MAGIC_V1}): each method appends one
 * complete command to {@code out}. nsqlookupd answers each with {@code [size: int32][data]}.
 */
public final class LookupCommands {
    private LookupCommands() {
    }

    /** {@code IDENTIFY\n[size][json]}: the nsqd's addresses, ports and version, laid out as V2's IDENTIFY. */
    public static void identify(ByteBuf out, String json) {
        Commands.identify(out, json);
    }

    /** {@code REGISTER topic [channel]\n}: a topic's registration when {@code channel} is empty. */
    public static void register(ByteBuf out, String topic, String channel) {
        registration(out, "REGISTER ", topic, channel);
    }

    /** {@code UNREGISTER topic [channel]\n}: a topic's when {@code channel} is empty. */
    public static void unregister(ByteBuf out, String topic, String channel) {
        registration(out, "UNREGISTER ", topic, channel);
    }

    /** {@code PING\n}, which keeps nsqd's registrations alive. */
    public static void ping(ByteBuf out) {
        Commands.line(out, "PING");
    }

    private static void registration(ByteBuf out, String verb, String topic, String channel) {
        Commands.line(out, verb + topic + (channel.isEmpty() ? "" : " " + channel));
    }
}
