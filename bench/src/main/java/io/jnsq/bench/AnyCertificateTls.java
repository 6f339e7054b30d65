package io.jnsq.bench;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

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
            context.init(null, new TrustManager[] {new TrustingAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /** Extended, so that the JDK does not wrap it in checks of its own (host names, algorithm constraints). */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
