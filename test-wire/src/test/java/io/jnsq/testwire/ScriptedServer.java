package io.jnsq.testwire;

import io.jnsq.protocol.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A scripted fake server for one connection: listens on 127.0.0.1:0, accepts a single client and runs a script
 * against it on its own thread. The connection stays open after the script returns, until {@link #close()}.
 * Every socket operation on the server side times out after {@link #TIMEOUT_MILLIS}.
 */
final class ScriptedServer implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 5_000;

    /** What the server does with the accepted connection. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Peer peer;

    private ScriptedServer(ServerSocket listener) {
        this.listener = listener;
    }

    static ScriptedServer start(Script script) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(TIMEOUT_MILLIS);
        ScriptedServer server = new ScriptedServer(listener);
        Thread thread = new Thread(() -> server.serve(script), "scripted-server");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Waits for the script to return and rethrows what it threw. */
    void finish() throws Exception {
        try {
            done.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError("script failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("script did not finish within " + TIMEOUT_MILLIS + " ms", e);
        }
    }

    /** Closes both sockets; a script that had already failed fails the test here. */
    @Override
    public void close() throws Exception {
        boolean failedEarlier = done.isCompletedExceptionally();
        listener.close();
        Peer current = peer;
        if (current != null) {
            current.socket.close();
        }
        if (failedEarlier) {
            finish();
        }
    }

    private void serve(Script script) {
        try {
            Socket socket = listener.accept();
            socket.setSoTimeout(TIMEOUT_MILLIS);
            peer = new Peer(socket);
            script.run(peer);
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /** The server's end of the connection. */
    static final class Peer {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Exactly {@code n} bytes; fails if the client closes first. */
        byte[] read(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length != n) {
                throw new AssertionError("client closed after " + bytes.length + " of " + n + " bytes");
            }
            return bytes;
        }

        /**
         * Reads the client's V2 magic. Scripts that close the connection read it first: closing with unread data
         * makes the kernel send RST, and the client would see a reset rather than end of stream.
         */
        void readMagic() throws IOException {
            byte[] magic = read(4);
            if (!java.util.Arrays.equals(magic, Frames.MAGIC_V2)) {
                throw new AssertionError("expected the V2 magic but got " + java.util.Arrays.toString(magic));
            }
        }

        /** Everything the client sends until it closes the connection. */
        byte[] readToEnd() throws IOException {
            return in.readAllBytes();
        }

        /** Writes what {@code encoder} produces, for example {@code write(b -> Frames.writeResponse(b, OK))}. */
        void write(Consumer<ByteBuf> encoder) throws IOException {
            write(encode(encoder));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Writes one byte per TCP write, so the client sees frames cut at arbitrary points. */
        void writeByteByByte(Consumer<ByteBuf> encoder) throws IOException {
            for (byte b : encode(encoder)) {
                out.write(b);
                out.flush();
            }
        }

        /** Orderly close: the client reads end of stream. */
        void close() throws IOException {
            socket.close();
        }

        /** Abortive close: linger 0 makes the kernel send RST, so the client sees "connection reset". */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private static byte[] encode(Consumer<ByteBuf> encoder) {
            ByteBuf buf = Unpooled.buffer();
            encoder.accept(buf);
            return ByteBufUtil.getBytes(buf);
        }
    }

    /** Bytes {@code encoder} writes, for building expected input. */
    static byte[] bytes(Consumer<ByteBuf> encoder) {
        return Peer.encode(encoder);
    }
}
