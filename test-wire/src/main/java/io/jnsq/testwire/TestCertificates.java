package io.jnsq.testwire;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Throwaway certificates for TLS tests: a certificate authority that issues server and client certificates,
 * written as PEM files in the forms nsqd and other servers read, and JDK contexts for clients in the test.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("test CA");
 * TestCertificates.Identity server = ca.issueServer(KeyType.EC);
 * Path cert = server.writeCertificate(dir.resolve("server.pem"));
 * Path key = server.writeKey(dir.resolve("server.key"), KeyFormat.PKCS8);
 * SSLContext client = TestCertificates.clientContext(ca, null);
 * }</pre>
 */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final Duration VALIDITY = Duration.ofDays(2);

    private TestCertificates() {
    }

    /** The key algorithm of an issued certificate. */
    public enum KeyType {
        /** RSA 2048. */
        RSA,
        /** ECDSA on P-256. */
        EC
    }

    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code -----BEGIN PRIVATE KEY-----}, any algorithm. */
        PKCS8,
        /** The algorithm's own form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1). */
        TRADITIONAL
    }

    /** A new self-signed certificate authority. */
    public static Authority authority(String commonName) {
        KeyPair keys = generate(KeyType.EC);
        X500Name name = new X500Name("CN=" + commonName);
        try {
            X509Certificate certificate = sign(builder(name, name, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    keys.getPrivate());
            return new Authority(new Identity(certificate, keys.getPrivate()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client-side context trusting {@code trusted}, presenting {@code identity} when the server asks for a
     * certificate ({@code null} for none).
     */
    public static SSLContext clientContext(Authority trusted, Identity identity) {
        try {
            KeyStore trust = emptyStore();
            trust.setCertificateEntry("ca", trusted.identity.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManager[] keys = identity == null ? null : new KeyManager[] {new AlwaysPresenting(identity)};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side context presenting {@code identity}, for HTTPS servers in tests. */
    public static SSLContext serverContext(Identity identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new AlwaysPresenting(identity)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Presents its one certificate whenever a server asks, as Go's and OpenSSL's clients do (and as the server's
     * certificate). The JDK's own key manager would keep quiet when the server names other authorities, and a
     * server's refusal of an untrusted certificate could not be tested.
     */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final Identity identity;

        AlwaysPresenting(Identity identity) {
            this.identity = identity;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {identity.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity.key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keyType.equals(identity.key().getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return chooseServerAlias(keyType, issuers, null);
        }
    }

    /** A certificate authority that issues certificates. */
    public static final class Authority {
        private final Identity identity;

        private Authority(Identity identity) {
            this.identity = identity;
        }

        /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
        public Identity issueServer(KeyType type) {
            GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())});
            return issue("localhost", type, KeyPurposeId.id_kp_serverAuth, names);
        }

        /** A client certificate whose subject's common name is {@code commonName}. */
        public Identity issueClient(String commonName, KeyType type) {
            return issue(commonName, type, KeyPurposeId.id_kp_clientAuth, null);
        }

        /** Writes the authority's certificate, as a root CA file. */
        public Path writeCertificate(Path file) {
            return identity.writeCertificate(file);
        }

        private Identity issue(String commonName, KeyType type, KeyPurposeId purpose, GeneralNames names) {
            KeyPair keys = generate(type);
            X500Name issuer = X500Name.getInstance(identity.certificate().getSubjectX500Principal().getEncoded());
            try {
                X509v3CertificateBuilder builder = builder(issuer, new X500Name("CN=" + commonName), keys)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                if (names != null) {
                    builder.addExtension(Extension.subjectAlternativeName, false, names);
                }
                return new Identity(sign(builder, identity.key()), keys.getPrivate());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate and its private key. */
    public record Identity(X509Certificate certificate, PrivateKey key) {
        /** Writes the certificate as PEM. */
        public Path writeCertificate(Path file) {
            return writePem(file, certificate);
        }

        /** Writes the private key as PEM in {@code format}. */
        public Path writeKey(Path file, KeyFormat format) {
            try {
                if (format == KeyFormat.PKCS8) {
                    return writePem(file, new JcaPKCS8Generator(key, null).generate());
                }
                if (key instanceof ECPrivateKey ec) {
                    return writePem(file, sec1(ec));
                }
                return writePem(file, key); // BouncyCastle writes an RSA key as PKCS#1
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * SEC1 with the curve inside, as OpenSSL writes it. The JDK keeps the curve only beside the key (in
         * PKCS#8), so written as is the key would name no curve and nobody could read it.
         */
        private static PemObject sec1(ECPrivateKey ec) throws IOException {
            ASN1Encodable curve = PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm().getParameters();
            org.bouncycastle.asn1.sec.ECPrivateKey structure = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(), ec.getS(), curve);
            return new PemObject("EC PRIVATE KEY", structure.getEncoded());
        }
    }

    private static Path writePem(Path file, Object object) {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
            if (type == KeyType.RSA) {
                generator.initialize(2048, new SecureRandom());
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
