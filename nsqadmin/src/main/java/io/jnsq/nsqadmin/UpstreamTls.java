package io.jnsq.nsqadmin;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS of nsqadmin's own HTTPS requests (to nsqd, nsqlookupd, graphite and the notification endpoint), from the
 * {@code --http-client-tls-*} flags: a client certificate, the roots to trust, or no verification at all.
 */
final class UpstreamTls {
    private UpstreamTls() {
    }

    /** The context, or {@code null} when no flag asks for anything but the JDK's defaults. */
    static SSLContext of(NsqadminOptions options) {
        if (!options.httpClientTlsInsecureSkipVerify && options.httpClientTlsRootCaFile.isEmpty()
                && options.httpClientTlsCert.isEmpty()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (!options.httpClientTlsCert.isEmpty()) {
                builder.keyManager(new File(options.httpClientTlsCert), new File(options.httpClientTlsKey));
            }
            if (options.httpClientTlsInsecureSkipVerify) {
                builder.trustManager(new TrustingAll());
            } else if (!options.httpClientTlsRootCaFile.isEmpty()) {
                builder.trustManager(new File(options.httpClientTlsRootCaFile));
            }
            return ((JdkSslContext) builder.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to build HTTP client TLS config - " + e.getMessage(), e);
        }
    }

    /**
     * Go's {@code InsecureSkipVerify}: any certificate, for any host. Extended, so that the JDK does not add its
     * own host name check around it.
     */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
