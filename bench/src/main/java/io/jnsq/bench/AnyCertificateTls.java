package io.jnsq.bench;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS for {@code --tls}: trusts whatever certificate nsqd presents. The tools measure a server, usually one
 * started with a throwaway certificate ({@code bin/bench --tls}); they carry no secrets worth protecting.
 */
final class AnyCertificateTls {
    private static final SSLContext CONTEXT = context();

    private AnyCertificateTls() {
    }

    /** Runs a client handshake over {@code socket}, already connected to nsqd; closing the result closes it. */
    static SSLSocket layer(Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) CONTEXT.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return tls;
    }

    private static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
