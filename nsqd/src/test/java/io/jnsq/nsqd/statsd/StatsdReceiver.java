package io.jnsq.nsqd.statsd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A statsd daemon for tests: a UDP socket on 127.0.0.1:0, every receive bounded by a timeout. */
final class StatsdReceiver implements AutoCloseable {
    private static final int TIMEOUT_MS = 5000;

    private final DatagramSocket socket;

    StatsdReceiver() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(TIMEOUT_MS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code --statsd-address} should say. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** The next datagram's payload. */
    String packet() {
        byte[] buffer = new byte[65536];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no statsd packet within " + TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(datagram.getData(), 0, datagram.getLength(), StandardCharsets.UTF_8);
    }

    /** Datagrams until {@code count} lines have come, checking that every datagram holds whole lines. */
    List<String> lines(int count) {
        List<String> lines = new ArrayList<>();
        while (lines.size() < count) {
            lines.addAll(linesOf(packet()));
        }
        return lines;
    }

    /** Datagrams until one holds a line starting with {@code lastKey}; the lines of them all. */
    List<String> linesThrough(String lastKey) {
        List<String> lines = new ArrayList<>();
        while (lines.stream().noneMatch(line -> line.startsWith(lastKey))) {
            lines.addAll(linesOf(packet()));
        }
        return lines;
    }

    static List<String> linesOf(String packet) {
        if (!packet.endsWith("\n")) {
            throw new AssertionError("a statsd packet must end with a whole line: " + packet);
        }
        return Arrays.asList(packet.substring(0, packet.length() - 1).split("\n", -1));
    }

    @Override
    public void close() {
        socket.close();
    }
}
