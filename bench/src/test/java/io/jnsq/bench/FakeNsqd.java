package io.jnsq.bench;

import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted nsqd: listens on 127.0.0.1:0 and runs the script on every connection, each on its own thread.
 * Every socket operation has a timeout; whatever a script throws is kept for {@link #failures()}.
 */
final class FakeNsqd implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 10_000;

    /** What the fake does with one client. */
    interface Script {
        void serve(Peer peer) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    FakeNsqd(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MILLIS);
        start("fake-nsqd-accept", this::acceptLoop);
    }

    /** {@code 127.0.0.1:port}, for {@code --nsqd-tcp-address}. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    List<Throwable> failures() {
        return failures;
    }

    /** Waits for {@code condition}; on timeout fails with whatever went wrong in the scripts. */
    void await(CountDownLatch condition) throws InterruptedException {
        if (!condition.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            AssertionError error = new AssertionError("timed out waiting on the fake nsqd's script");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout(TIMEOUT_MILLIS);
                sockets.add(socket);
                int id = connections.getAndIncrement();
                start("fake-nsqd-conn-" + id, () -> {
                    try (socket) {
                        script.serve(new Peer(socket, id));
                    } catch (Throwable t) {
                        if (!server.isClosed()) {
                            failures.add(t);
                        }
                    }
                });
            } catch (IOException e) {
                if (!server.isClosed() && !(e instanceof java.net.SocketTimeoutException)) {
                    failures.add(e);
                }
            }
        }
    }

    private void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread thread : threads) {
            thread.join(TIMEOUT_MILLIS);
        }
    }

    /** One client connection, from nsqd's side of the wire. */
    static final class Peer {
        final int id;
        private final DataInputStream in;
        private final DataOutputStream out;

        Peer(Socket socket, int id) throws IOException {
            this.id = id;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        }

        void expectMagic() throws IOException {
            byte[] magic = new byte[4];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, Frames.MAGIC_V2)) {
                throw new IOException("bad magic " + new String(magic, StandardCharsets.ISO_8859_1));
            }
        }

        /** The next command line without its newline, or {@code null} when the client has closed. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b;
                try {
                    b = in.read();
                } catch (SocketException e) {
                    return null;
                }
                if (b < 0) {
                    if (line.size() > 0) {
                        throw new EOFException("partial line " + line);
                    }
                    return null;
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }

        String expectLine() throws IOException {
            String line = readLine();
            if (line == null) {
                throw new EOFException("client closed");
            }
            return line;
        }

        int readInt() throws IOException {
            return in.readInt();
        }

        byte[] readSized() throws IOException {
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            return data;
        }

        void respond(String text) throws IOException {
            send(buf -> Frames.writeResponse(buf, text.getBytes(StandardCharsets.UTF_8)));
        }

        void error(String text) throws IOException {
            send(buf -> Frames.writeFrame(buf, FrameType.ERROR, text.getBytes(StandardCharsets.UTF_8)));
        }

        void heartbeat() throws IOException {
            send(buf -> Frames.writeResponse(buf, Frames.HEARTBEAT));
        }

        /** Buffers a message frame; call {@link #flush()} to send. */
        void message(long id, byte[] body) throws IOException {
            ByteBuf buf = Unpooled.buffer();
            Frames.writeMessage(buf, id, System.currentTimeMillis() * 1_000_000, 1, body);
            out.write(ByteBufUtil.getBytes(buf));
        }

        void flush() throws IOException {
            out.flush();
        }

        private void send(Consumer<ByteBuf> frame) throws IOException {
            ByteBuf buf = Unpooled.buffer();
            frame.accept(buf);
            out.write(ByteBufUtil.getBytes(buf));
            out.flush();
        }
    }
}
