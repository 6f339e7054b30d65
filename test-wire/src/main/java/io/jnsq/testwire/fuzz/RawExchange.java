package io.jnsq.testwire.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * One fuzz connection: sends the input in pieces, shuts down the sending side as a client that has said all it
 * will, and reads what the server answers until it closes. Ending the input makes a well-behaved server close
 * (after answering a command cut short), so no try has to wait for a quiet period.
 */
public final class RawExchange {
    private RawExchange() {
    }

    /** What the server sent, and whether it closed the connection within {@code limit}. */
    public record Answer(byte[] bytes, boolean closed) {
    }

    /**
     * Sends {@code input} split before each position in {@code cuts} (positions past its end are ignored), then
     * reads until the server closes or {@code limit} passes.
     */
    public static Answer exchange(InetSocketAddress address, byte[] input, int[] cuts, Duration limit)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) limit.toMillis());
            socket.setSoTimeout((int) limit.toMillis());
            send(socket.getOutputStream(), input, cuts);
            try {
                socket.shutdownOutput();
            } catch (SocketException e) {
                // the server already closed: what it sent is still readable
            }
            return readUntilClosed(socket.getInputStream());
        }
    }

    private static void send(OutputStream out, byte[] input, int[] cuts) throws IOException {
        int[] sorted = cuts.clone();
        Arrays.sort(sorted);
        int from = 0;
        try {
            for (int cut : sorted) {
                if (cut > from && cut < input.length) {
                    out.write(input, from, cut - from);
                    out.flush();
                    from = cut;
                }
            }
            out.write(input, from, input.length - from);
            out.flush();
        } catch (SocketException e) {
            // the server closed after a fatal error; the rest of the input is not wanted
        }
    }

    private static Answer readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Answer(received.toByteArray(), false);
        } catch (SocketException e) {
            // reset: the server closed with our input unread
        }
        return new Answer(received.toByteArray(), true);
    }
}
