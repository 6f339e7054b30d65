package io.jnsq.nsqd.tls;

import io.jnsq.nsqd.NsqdOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * nsqd's TLS settings, built once at start from the {@code --tls-*} flags (NSQ's {@code buildTLSConfig}): the
 * server side shared by the TCP upgrade and the HTTPS listener, and the trust for outgoing HTTPS requests.
 */
public final class TlsConfig {
    /** Newest first, as the JDK names them; {@code --tls-min-version} cuts the list. */
    private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    /** A client must finish its handshake within this, as in NSQ. */
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;

    private final SslContext server;

    private TlsConfig(SslContext server) {
        this.server = server;
    }

    /**
     * The configuration the options ask for, or {@code null} when neither {@code --tls-cert} nor
     * {@code --tls-key} is set.
     *
     * @throws IllegalArgumentException NSQ's start-up error when a file cannot be used
     */
    public static TlsConfig of(NsqdOptions options) {
        if (options.tlsCert.isEmpty() && options.tlsKey.isEmpty()) {
            return null;
        }
        try {
            List<X509Certificate> chain = PemFiles.certificates(Path.of(options.tlsCert));
            PrivateKey key = PemFiles.privateKey(Path.of(options.tlsKey));
            X509Certificate[] roots = options.tlsRootCaFile.isEmpty() ? null
                    : PemFiles.certificates(Path.of(options.tlsRootCaFile)).toArray(X509Certificate[]::new);
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(provider())
                    // the JDK's defaults, not Netty's shorter list: ChaCha20 and the CBC suites Go offers too
                    .ciphers(List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()),
                            SupportedCipherSuiteFilter.INSTANCE)
                    .protocols(protocolsFrom(options.tlsMinVersion));
            switch (options.tlsClientAuthPolicy) {
                // Go's RequireAnyClientCert: a certificate must come, but nothing checks it.
                case "require" -> builder.clientAuth(ClientAuth.REQUIRE)
                        .trustManager(InsecureTrustManagerFactory.INSTANCE);
                // Go's RequireAndVerifyClientCert: against the root CA file, else the system's roots.
                case "require-verify" -> builder.clientAuth(ClientAuth.REQUIRE).trustManager(roots);
                default -> builder.clientAuth(ClientAuth.NONE);
            }
            return new TlsConfig(builder.build());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to build TLS config - " + e.getMessage(), e);
        }
    }

    /**
     * BoringSSL through Netty when its native library loads for this platform: the JDK's AES-GCM costs a lot per
     * record, and NSQ clients send many small ones (a FIN each). Else, or with {@code -Djnsq.tls.provider=jdk},
     * the JDK's TLS.
     */
    static SslProvider provider() {
        return provider(System.getProperty("jnsq.tls.provider", ""), OpenSsl.isAvailable());
    }

    static SslProvider provider(String asked, boolean openSslAvailable) {
        return openSslAvailable && !asked.equalsIgnoreCase("jdk") ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The JDK's protocol versions from {@code minVersion} up, among those it supports. */
    static String[] protocolsFrom(String minVersion) throws NoSuchAlgorithmException {
        int newest = switch (minVersion) {
            case "tls1.3" -> 0;
            case "tls1.2" -> 1;
            case "tls1.1" -> 2;
            default -> 3;
        };
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        Set<String> available = Set.of(supported.getProtocols());
        return VERSIONS.subList(0, newest + 1).stream().filter(available::contains).toArray(String[]::new);
    }

    private static SSLContext trusting(X509Certificate[] roots) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < roots.length; i++) {
            store.setCertificateEntry("root-" + i, roots[i]);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A server-side handler for one connection, with NSQ's handshake deadline. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = server.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        return handler;
    }

    /**
     * The trust for nsqd's own HTTPS requests (to auth servers): the {@code --tls-root-ca-file} roots, or
     * {@code null} for the JDK's defaults.
     *
     * @throws IllegalArgumentException when the file cannot be used
     */
    public static SSLContext outgoing(NsqdOptions options) {
        if (options.tlsRootCaFile.isEmpty()) {
            return null;
        }
        try {
            return trusting(PemFiles.certificates(Path.of(options.tlsRootCaFile)).toArray(X509Certificate[]::new));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("failed to build TLS config - " + e.getMessage(), e);
        }
    }

}
