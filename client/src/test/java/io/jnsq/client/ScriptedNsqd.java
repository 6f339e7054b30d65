package io.jnsq.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jnsq.testwire.Await;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted nsqd, in the manner of OkHttp's MockWebServer: it accepts V2 clients on loopback, records every command
 * they send, and answers as the test scripted. A command that nsqd answers (IDENTIFY, AUTH, SUB, PUB, MPUB, DPUB,
 * CLS) gets the next reply {@linkplain #enqueue enqueued} for its verb, or else what a healthy nsqd answers;
 * {@link #send} pushes frames (messages, heartbeats, junk) or a close at once, unasked.
 *
 * <p>Every read has a timeout and every wait is bounded, so a client that misbehaves fails a test, never hangs it.
 */
final class ScriptedNsqd implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    /** nsqd 1.3's answer to IDENTIFY with feature negotiation and nothing asked for. */
    static final String IDENTIFY_JSON = "{\"max_rdy_count\":2500,\"version\":\"1.3.0\",\"max_msg_timeout\":900000,"
            + "\"msg_timeout\":60000,\"tls_v1\":false,\"deflate\":false,\"deflate_level\":6,\"max_deflate_level\":6,"
            + "\"snappy\":false,\"sample_rate\":0,\"auth_required\":false,\"output_buffer_size\":16384,"
            + "\"output_buffer_timeout\":250}";
    private static final Set<String> SIZED = Set.of("IDENTIFY", "AUTH", "PUB", "DPUB", "MPUB");
    private static final int MAX_LINE = 64 * 1024;

    /** Something the fake does to one connection. */
    @FunctionalInterface
    interface Action {
        void perform(Conn conn) throws IOException;
    }

    /** A command as received: {@code body} is null for the commands that carry none. */
    record Command(int connection, String verb, List<String> args, byte[] body, long receivedNanos) {
        /** The command line without its newline: {@code "REQ 0000000000000001 500"}. */
        String line() {
            return args.isEmpty() ? verb : verb + " " + String.join(" ", args);
        }

        String bodyText() {
            return new String(body, UTF_8);
        }

        /** An MPUB body cut into its messages: {@code [count]([size][bytes])*}. */
        List<byte[]> mpubBodies() {
            ByteBuffer in = ByteBuffer.wrap(body);
            List<byte[]> bodies = new ArrayList<>();
            for (int n = in.getInt(); n > 0; n--) {
                byte[] one = new byte[in.getInt()];
                in.get(one);
                bodies.add(one);
            }
            return bodies;
        }

        @Override
        public String toString() {
            return "#" + connection + " " + line() + (body == null ? "" : " [" + body.length + " bytes]");
        }
    }

    /** One client connection; writes are serialized, as the reader thread and the test both write. */
    static final class Conn {
        final int index;
        final Socket socket;
        private final OutputStream out;
        private volatile boolean ended;
        private boolean shut;

        Conn(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        /** Writes and flushes; after {@link #hangUp()} there is nothing left to write to, and the bytes are dropped. */
        synchronized void write(byte[] bytes) throws IOException {
            if (!shut) {
                out.write(bytes);
                out.flush();
            }
        }

        synchronized void shutdownOutput() throws IOException {
            shut = true;
            socket.shutdownOutput();
        }
    }

    private final ServerSocket server;
    private final Map<String, Deque<Action[]>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private volatile String identifyAnswer = IDENTIFY_JSON;

    ScriptedNsqd() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("scripted-nsqd-accept", this::acceptLoop);
    }

    /** The {@code host:port} to give the client. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    // ---- the script ----

    /** The next {@code verb} command any connection sends is answered with {@code actions} (none: silence). */
    ScriptedNsqd enqueue(String verb, Action... actions) {
        replies.computeIfAbsent(verb, v -> new ConcurrentLinkedDeque<>()).add(actions);
        return this;
    }

    /** Every IDENTIFY from now on is answered with {@code answer}: JSON, or {@code OK} for no negotiation. */
    ScriptedNsqd identifyWith(String answer) {
        identifyAnswer = answer;
        return this;
    }

    /** Performs {@code actions} now on the newest connection, waiting for a first one if need be. */
    void send(Action... actions) {
        Conn newest = Await.untilNonNull(WAIT, () -> connections.isEmpty() ? null
                : connections.get(connections.size() - 1), "a client to connect");
        try {
            perform(newest, actions);
        } catch (IOException e) {
            throw new AssertionError("scripted action failed on connection #" + newest.index, e);
        }
    }

    static Action frame(int type, byte[] data) {
        return conn -> conn.write(ByteBuffer.allocate(8 + data.length).putInt(4 + data.length).putInt(type)
                .put(data).array());
    }

    static Action response(String text) {
        return frame(0, text.getBytes(UTF_8));
    }

    static Action ok() {
        return response("OK");
    }

    static Action heartbeat() {
        return response("_heartbeat_");
    }

    /** An error frame, {@code "E_BAD_TOPIC PUB topic name \"a b\" is not valid"}. */
    static Action error(String text) {
        return frame(1, text.getBytes(UTF_8));
    }

    /** A message frame; {@code id} is the 16 ASCII characters the client answers with. */
    static Action message(String id, int attempts, String body) {
        byte[] idBytes = id.getBytes(UTF_8);
        if (idBytes.length != 16) {
            throw new IllegalArgumentException("a message ID is 16 bytes: " + id);
        }
        byte[] bodyBytes = body.getBytes(UTF_8);
        return frame(2, ByteBuffer.allocate(26 + bodyBytes.length).putLong(System.currentTimeMillis() * 1_000_000L)
                .putShort((short) attempts).put(idBytes).put(bodyBytes).array());
    }

    static Action raw(byte[] bytes) {
        return conn -> conn.write(bytes);
    }

    /** Closes gracefully: what was written arrives, then end of stream; the reader goes on until the client closes. */
    static Action hangUp() {
        return Conn::shutdownOutput;
    }

    /** Closes abortively: an RST, as from a crashed host. */
    static Action reset() {
        return conn -> {
            conn.socket.setSoLinger(true, 0);
            conn.socket.close();
        };
    }

    // ---- what happened ----

    /** The next command received, on any connection; an AssertionError if none comes within {@code timeout}. */
    Command takeCommand(Duration timeout) {
        Command c = pollCommand(timeout);
        if (c == null) {
            throw new AssertionError("no command from the client within " + timeout);
        }
        return c;
    }

    Command takeCommand() {
        return takeCommand(WAIT);
    }

    /** The next command, or null if none comes within {@code timeout}. */
    Command pollCommand(Duration timeout) {
        try {
            return commands.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a command", e);
        }
    }

    int connectionCount() {
        return connections.size();
    }

    /** Waits until connection {@code index} (0 for the first) has ended: the client closed it, or the fake did. */
    void awaitDisconnected(int index, Duration timeout) {
        Await.until(timeout, () -> connections.size() > index && connections.get(index).ended,
                "connection #" + index + " to end");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Conn c : connections) {
            c.socket.close();
        }
    }

    // ---- serving ----

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
                socket.setTcpNoDelay(true);
                Conn conn = new Conn(connections.size(), socket);
                connections.add(conn);
                daemon("scripted-nsqd-conn-" + conn.index, () -> serve(conn));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Conn conn) {
        try (Socket socket = conn.socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!Arrays.equals(magic, "  V2".getBytes(UTF_8))) {
                throw new IOException("bad magic " + Arrays.toString(magic));
            }
            for (String line; (line = readLine(in)) != null; ) {
                List<String> words = List.of(line.split(" "));
                String verb = words.get(0);
                byte[] body = SIZED.contains(verb) ? new byte[in.readInt()] : null;
                if (body != null) {
                    in.readFully(body);
                }
                commands.add(new Command(conn.index, verb, words.subList(1, words.size()), body, System.nanoTime()));
                Deque<Action[]> scripted = replies.get(verb);
                Action[] reply = scripted == null ? null : scripted.poll();
                perform(conn, reply != null ? reply : defaultReply(verb));
            }
        } catch (IOException e) {
            // the client went away, a read timed out, or the test closed the fake: this connection is over
        } finally {
            conn.ended = true;
        }
    }

    /** What a healthy nsqd answers. */
    private Action[] defaultReply(String verb) {
        return switch (verb) {
            case "IDENTIFY" -> new Action[] {response(identifyAnswer)};
            case "AUTH" -> new Action[] {response("{\"identity\":\"test\",\"permission_count\":1}")};
            case "SUB", "PUB", "MPUB", "DPUB" -> new Action[] {ok()};
            case "CLS" -> new Action[] {response("CLOSE_WAIT")};
            default -> new Action[0]; // RDY, FIN, REQ, TOUCH, NOP: no answer
        };
    }

    private static void perform(Conn conn, Action[] actions) throws IOException {
        for (Action a : actions) {
            a.perform(conn);
        }
    }

    /** A line without its '\n', or null at the end of the stream before one starts. */
    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("end of stream in a command line");
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("command line longer than " + MAX_LINE);
            }
            line.write(b);
        }
        return line.toString(UTF_8);
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }
}
