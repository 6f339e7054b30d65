package io.jnsq.nsqd.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.common.Version;
import io.jnsq.common.json.Json;
import io.jnsq.nsqd.Broker;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.nsqd.Topic;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Hostname;
import io.jnsq.protocol.LookupCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqd's registration with its nsqlookupd peers ({@code --lookupd-tcp-address}), on a thread of its own as NSQ's
 * lookup loop: on every (re)connect IDENTIFY and REGISTER of every topic and channel; REGISTER and UNREGISTER as
 * topics and channels come and go; PING every 15 s. A peer whose connection fails or that closes it is reconnected
 * with a backoff from {@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}; meanwhile its commands are dropped,
 * since the reconnection registers everything anew.
 */
public final class LookupLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LookupLoop.class);
    static final Duration PING_INTERVAL = Duration.ofSeconds(15);
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often connections are checked for a peer that went away. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final byte[] PING = encode(LookupCommands::ping);
    /** Asks the loop to compare its peers with {@code --lookupd-tcp-address}. */
    private static final byte[] ADDRESSES_CHANGED = new byte[0];

    private final Broker broker;
    /** {@code --lookupd-tcp-address} as it is now: it changes at runtime. */
    private final Supplier<List<String>> addresses;
    private final NsqdOptions options;
    private final int tcpPort;
    private final int httpPort;
    private final Duration pingInterval;
    private final String hostname = Hostname.os();
    private final BlockingQueue<byte[]> commands = new LinkedBlockingQueue<>();
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    /** Each peer's HTTP address from its IDENTIFY answer, kept while it reconnects as NSQ keeps a peer's info. */
    private final Map<String, String> httpAddresses = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** A peer with its reconnection schedule, owned by the loop's thread. */
    private static final class Peer {
        final LookupPeer connection;
        Duration backoff = MIN_BACKOFF;
        long reconnectAt;

        Peer(LookupPeer connection) {
            this.connection = connection;
        }
    }

    private LookupLoop(Broker broker, Supplier<List<String>> addresses, int tcpPort, int httpPort,
            Duration pingInterval) {
        this.broker = broker;
        this.addresses = addresses;
        this.options = broker.options();
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.pingInterval = pingInterval;
        this.thread = new Thread(this::run, "nsqd-lookup");
        thread.setDaemon(true);
    }

    /**
     * Starts the loop, which connects to every {@code --lookupd-tcp-address} at once and registers {@code broker}'s
     * topics and channels there.
     *
     * @param addresses the nsqlookupd TCP addresses now; {@link #addressesChanged()} says when they changed
     * @param tcpPort the TCP port to register (NSQ's broadcast TCP port)
     * @param httpPort the HTTP port to register (NSQ's broadcast HTTP port)
     */
    public static LookupLoop start(Broker broker, Supplier<List<String>> addresses, int tcpPort, int httpPort) {
        return start(broker, addresses, tcpPort, httpPort, PING_INTERVAL);
    }

    /** With another PING interval than NSQ's 15 s, for tests. */
    static LookupLoop start(Broker broker, Supplier<List<String>> addresses, int tcpPort, int httpPort,
            Duration pingInterval) {
        LookupLoop loop = new LookupLoop(broker, addresses, tcpPort, httpPort, pingInterval);
        loop.thread.start();
        return loop;
    }

    /** A topic ({@code channel} empty) or channel was created. */
    public void register(String topic, String channel) {
        commands.add(encode(out -> LookupCommands.register(out, topic, channel)));
    }

    /** A topic ({@code channel} empty) or channel was deleted. */
    public void unregister(String topic, String channel) {
        commands.add(encode(out -> LookupCommands.unregister(out, topic, channel)));
    }

    /** {@code --lookupd-tcp-address} changed: connect to new peers, drop removed ones. */
    public void addressesChanged() {
        commands.add(ADDRESSES_CHANGED);
    }

    /**
     * The HTTP addresses ({@code broadcast_address:http_port}) of the peers that answered an IDENTIFY: where to ask
     * for a new topic's channels.
     */
    public List<String> lookupdHttpAddresses() {
        return List.copyOf(httpAddresses.values());
    }

    /** Stops the loop and closes every connection. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        syncPeers();
        long nextPing = System.nanoTime() + pingInterval.toNanos();
        long nextProbe = System.nanoTime() + PROBE_INTERVAL.toNanos();
        try {
            while (!closed) {
                long wakeAt = Math.min(Math.min(nextPing, nextProbe), earliestReconnect());
                byte[] command = commands.poll(Math.max(0, wakeAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (command == ADDRESSES_CHANGED) {
                    syncPeers();
                } else if (command != null) {
                    peers.values().forEach(peer -> send(peer, command));
                }
                long now = System.nanoTime();
                if (now - nextPing >= 0) {
                    peers.values().forEach(peer -> send(peer, PING));
                    nextPing = now + pingInterval.toNanos();
                }
                if (now - nextProbe >= 0) {
                    probe();
                    nextProbe = now + PROBE_INTERVAL.toNanos();
                }
                reconnectDuePeers();
            }
        } catch (InterruptedException e) {
            // closing
        } finally {
            peers.values().forEach(peer -> peer.connection.close());
        }
    }

    private void syncPeers() {
        List<String> addresses = this.addresses.get();
        peers.entrySet().removeIf(entry -> {
            if (addresses.contains(entry.getKey())) {
                return false;
            }
            log.info("LOOKUP({}): removing peer", entry.getKey());
            httpAddresses.remove(entry.getKey());
            entry.getValue().connection.close();
            return true;
        });
        for (String address : addresses) {
            if (!peers.containsKey(address)) {
                log.info("LOOKUP({}): adding peer", address);
                Peer peer = new Peer(new LookupPeer(address, options.maxBodySize, this::identifyAndRegister));
                peers.put(address, peer);
                reconnect(peer);
            }
        }
    }

    /** A command to one peer; a disconnected peer waits for its reconnection, which registers everything. */
    private void send(Peer peer, byte[] command) {
        if (!peer.connection.isConnected()) {
            return;
        }
        try {
            peer.connection.command(command);
        } catch (IOException e) {
            log.error("LOOKUPD({}): {} - {}", peer.connection, commandName(command), e.toString());
            scheduleReconnect(peer);
        }
    }

    private void probe() {
        for (Peer peer : peers.values()) {
            if (peer.connection.closedByPeer()) {
                log.warn("LOOKUPD({}): connection closed by nsqlookupd", peer.connection);
                peer.connection.close();
                scheduleReconnect(peer);
            }
        }
    }

    private long earliestReconnect() {
        long earliest = Long.MAX_VALUE;
        for (Peer peer : peers.values()) {
            if (!peer.connection.isConnected()) {
                earliest = Math.min(earliest, peer.reconnectAt);
            }
        }
        return earliest;
    }

    private void reconnectDuePeers() {
        long now = System.nanoTime();
        for (Peer peer : peers.values()) {
            if (!peer.connection.isConnected() && now - peer.reconnectAt >= 0) {
                reconnect(peer);
            }
        }
    }

    private void reconnect(Peer peer) {
        try {
            log.info("LOOKUP connecting to {}", peer.connection);
            peer.connection.ensureConnected();
            peer.backoff = MIN_BACKOFF;
        } catch (IOException e) {
            log.error("LOOKUPD({}): failed to connect - {}", peer.connection, e.toString());
            scheduleReconnect(peer);
            Duration doubled = peer.backoff.multipliedBy(2);
            peer.backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
    }

    private static void scheduleReconnect(Peer peer) {
        peer.reconnectAt = System.nanoTime() + peer.backoff.toNanos();
    }

    /** NSQ's connect callback: IDENTIFY, then REGISTER every topic without channels and every channel. */
    private void identifyAndRegister(LookupPeer peer) throws IOException {
        byte[] reply = peer.command(identify());
        String text = new String(reply, StandardCharsets.UTF_8);
        if (text.startsWith("E_")) {
            throw new IOException("IDENTIFY refused - " + text);
        }
        log.info("LOOKUPD({}): peer info {}", peer, text);
        rememberHttpAddress(peer.address(), reply);
        for (Topic topic : broker.topics()) {
            List<Channel> channels = topic.channels();
            if (channels.isEmpty()) {
                peer.command(encode(out -> LookupCommands.register(out, topic.name(), "")));
            }
            for (Channel channel : channels) {
                peer.command(encode(out -> LookupCommands.register(out, topic.name(), channel.name())));
            }
        }
    }

    private void rememberHttpAddress(String peer, byte[] identifyReply) {
        try {
            JsonNode info = Json.mapper().readTree(identifyReply);
            String host = info.path("broadcast_address").asText("");
            int port = info.path("http_port").asInt(0);
            if (host.isEmpty()) {
                log.error("LOOKUPD({}): no broadcast address", peer);
                return;
            }
            httpAddresses.put(peer, new HostPort(host, port).joined());
        } catch (IOException e) {
            log.error("LOOKUPD({}): ERROR parsing response - {}", peer, e.getMessage());
        }
    }

    /** {@code IDENTIFY\n[size][json]}, the JSON's keys sorted as Go writes a map. */
    private byte[] identify() throws JsonProcessingException {
        Map<String, Object> info = new TreeMap<>();
        info.put("version", Version.NSQ);
        info.put("tcp_port", tcpPort);
        info.put("http_port", httpPort);
        info.put("hostname", hostname);
        info.put("broadcast_address", options.broadcastAddress);
        info.put("topology_zone", options.topologyZone);
        info.put("topology_region", options.topologyRegion);
        String json = Json.mapper().writeValueAsString(info);
        return encode(out -> LookupCommands.identify(out, json));
    }

    /** A command as the bytes the lookup thread writes; encoded where it is made, so it is encoded once. */
    private static byte[] encode(Consumer<ByteBuf> command) {
        ByteBuf out = Unpooled.buffer();
        command.accept(out);
        return ByteBufUtil.getBytes(out);
    }

    private static String commandName(byte[] command) {
        String text = new String(command, StandardCharsets.UTF_8);
        return text.substring(0, text.indexOf('\n'));
    }
}
