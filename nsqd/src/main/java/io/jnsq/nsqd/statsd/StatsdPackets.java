package io.jnsq.nsqd.statsd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs metric lines into UDP payloads as NSQ's {@code BoundaryBufferedWriter} over a {@code bufio.Writer} of
 * {@code --statsd-udp-packet-size} bytes does: each line ends with {@code \n}; a line that does not fit in what
 * is left of the current packet starts the next one, so no line is ever split. A single line longer than a
 * packet travels alone in a larger one, as Go writes it straight through.
 */
final class StatsdPackets {
    /** What {@code bufio.NewWriterSize} falls back to for a size of 0 or less. */
    static final int GO_DEFAULT_BUFFER_SIZE = 4096;

    private StatsdPackets() {
    }

    static List<byte[]> pack(List<String> lines, int packetSize) {
        int size = packetSize > 0 ? packetSize : GO_DEFAULT_BUFFER_SIZE;
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream(size);
        for (String line : lines) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (bytes.length > size - packet.size() && packet.size() > 0) {
                packets.add(packet.toByteArray());
                packet.reset();
            }
            if (bytes.length > size) {
                packets.add(bytes);
            } else {
                packet.writeBytes(bytes);
            }
        }
        if (packet.size() > 0) {
            packets.add(packet.toByteArray());
        }
        return packets;
    }
}
