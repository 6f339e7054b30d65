package io.jnsq.client;

import io.jnsq.protocol.HostPort;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The TLS layer of {@code tls_v1}, as go-nsq sets up {@code tls.Config}: nsqd's certificate verified against the
 * system's roots or {@code tls_root_ca_file} and against the host dialled, unless {@code tls_insecure_skip_verify};
 * a client certificate from {@code tls_cert} and {@code tls_key} (PEM, the key in PKCS#8); at least
 * {@code tls_min_version}.
 */
final class Tls {
    private static final List<String> VERSIONS = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");
    private static final List<String> JDK_NAMES = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** One context per config, as go-nsq builds one tls.Config: not files read and parsed on each connect. */
    private static final Map<Config, SslContext> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    private Tls() {
    }

    static io.netty.handler.ssl.SslHandler handler(Config config, HostPort address, ByteBufAllocator alloc) {
        io.netty.handler.ssl.SslHandler handler = CONTEXTS.computeIfAbsent(config, Tls::context)
                .newHandler(alloc, address.host(), address.port());
        if (!config.tlsInsecureSkipVerify()) {
            SSLParameters parameters = handler.engine().getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            handler.engine().setSSLParameters(parameters);
        }
        return handler;
    }

    private static SslContext context(Config config) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (config.tlsInsecureSkipVerify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (config.tlsRootCaFile() != null) {
            builder.trustManager(new File(config.tlsRootCaFile()));
        }
        if (config.tlsCert() != null) {
            builder.keyManager(new File(config.tlsCert()), new File(config.tlsKey()));
        }
        builder.protocols(protocolsFrom(config.tlsMinVersion()));
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new NsqException("TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's protocol names from {@code tls_min_version} on; an old minimum still gets what the JDK allows. */
    private static List<String> protocolsFrom(String minVersion) {
        int from = minVersion == null ? 2 : Math.max(0, VERSIONS.indexOf(minVersion));
        return new ArrayList<>(JDK_NAMES.subList(from, JDK_NAMES.size()));
    }
}
