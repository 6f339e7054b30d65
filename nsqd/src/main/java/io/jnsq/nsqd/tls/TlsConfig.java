package io.jnsq.nsqd.tls;

import io.jnsq.nsqd.NsqdOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * nsqd's TLS settings, from the {@code --tls-*} flags (NSQ's {@code buildTLSConfig}): the server side shared by the
 * TCP upgrade and the HTTPS listener, and the trust for outgoing HTTPS requests. The server side is built on a
 * thread of its own ({@link #build()}), since reading the keys and loading BoringSSL takes a good part of a second:
 * nsqd answers {@code /ping} meanwhile, and a connection that asks for TLS that early waits for it.
 */
public final class TlsConfig {
    /** Newest first, as the JDK names them; {@code --tls-min-version} cuts the list. */
    private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    /** A client must finish its handshake within this, as in NSQ. */
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    /** The handler's name in a connection's pipeline, where it sits first, below any compression. */
    public static final String HANDLER = "tls";

    private final NsqdOptions options;
    private final CompletableFuture<SslContext> server = new CompletableFuture<>();
    private final AtomicBoolean building = new AtomicBoolean();

    private TlsConfig(NsqdOptions options) {
        this.options = options;
    }

    /**
     * The configuration the options ask for, or {@code null} when neither {@code --tls-cert} nor
     * {@code --tls-key} is set. Nothing is read yet but whether the files are there.
     *
     * @throws IllegalArgumentException NSQ's start-up error when a file cannot be read
     */
    public static TlsConfig of(NsqdOptions options) {
        if (options.tlsCert.isEmpty() && options.tlsKey.isEmpty()) {
            return null;
        }
        for (String file : List.of(options.tlsCert, options.tlsKey)) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("failed to build TLS config - open " + file + ": "
                        + (Files.exists(path) ? "permission denied" : "no such file or directory"));
            }
        }
        return new TlsConfig(options);
    }

    /** Starts building the server side on a thread of its own; once only. */
    public void build() {
        if (!building.compareAndSet(false, true)) {
            return;
        }
        Thread builder = new Thread(() -> {
            try {
                server.complete(serverContext(options));
            } catch (Throwable e) {
                server.completeExceptionally(e);
            }
        }, "nsqd-tls-setup");
        builder.setDaemon(true);
        builder.start();
    }

    /**
     * Waits until the server side is built.
     *
     * @throws IllegalArgumentException NSQ's start-up error when a file cannot be used
     */
    public void awaitReady() {
        build();
        try {
            server.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IllegalArgumentException failed ? failed
                    : new IllegalArgumentException("failed to build TLS config - " + e.getCause(), e.getCause());
        }
    }

    /** Whether {@link #newHandler} can be called now. */
    public boolean isReady() {
        return server.isDone() && !server.isCompletedExceptionally();
    }

    /** Completes once the server side is built (exceptionally when it could not be). */
    public CompletionStage<Void> ready() {
        build();
        return server.thenApply(context -> null);
    }

    private static SslContext serverContext(NsqdOptions options) {
        try {
            List<X509Certificate> chain = PemFiles.certificates(Path.of(options.tlsCert));
            PrivateKey key = PemFiles.privateKey(Path.of(options.tlsKey));
            X509Certificate[] roots = options.tlsRootCaFile.isEmpty() ? null
                    : PemFiles.certificates(Path.of(options.tlsRootCaFile)).toArray(X509Certificate[]::new);
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(provider())
                    // the JDK's defaults, not Netty's shorter list: ChaCha20 and the CBC suites Go offers too
                    .ciphers(List.of(jdkContext().getDefaultSSLParameters().getCipherSuites()),
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
            return builder.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to build TLS config - " + e.getMessage(), e);
        }
    }

    /**
     * A JDK context to read its TLS defaults and supported versions from, without trust material: the default
     * context would load the JDK's CA store, for nothing here.
     */
    private static SSLContext jdkContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
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
    static String[] protocolsFrom(String minVersion) throws GeneralSecurityException {
        int newest = switch (minVersion) {
            case "tls1.3" -> 0;
            case "tls1.2" -> 1;
            case "tls1.1" -> 2;
            default -> 3;
        };
        SSLParameters supported = jdkContext().getSupportedSSLParameters();
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

    /** A server-side handler for one connection, with NSQ's handshake deadline; only once {@link #isReady()}. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslContext context = server.getNow(null);
        if (context == null) {
            throw new IllegalStateException("TLS is not ready");
        }
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        return handler;
    }

    /**
     * Puts TLS first in a new connection's pipeline (an HTTPS connection): at once when ready, else once it is, the
     * connection reading nothing meanwhile. If it cannot be built, the connection is closed.
     */
    public void secure(Channel connection) {
        if (isReady()) {
            connection.pipeline().addFirst(HANDLER, newHandler(connection.alloc()));
            return;
        }
        connection.config().setAutoRead(false);
        ready().whenCompleteAsync((done, error) -> {
            if (error != null) {
                connection.close();
                return;
            }
            connection.pipeline().addFirst(HANDLER, newHandler(connection.alloc()));
            connection.config().setAutoRead(true);
        }, connection.eventLoop());
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
