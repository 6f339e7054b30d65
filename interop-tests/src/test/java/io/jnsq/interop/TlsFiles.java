package io.jnsq.interop;

import io.jnsq.nsqd.NsqdOptions;
import io.jnsq.testwire.TestCertificates;
import io.jnsq.testwire.TestCertificates.Authority;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA with a server certificate for nsqd and a client certificate, as PEM files in {@code dir}. The
 * server's key is PKCS#1 RSA and the client's SEC1 EC, the forms OpenSSL writes by default.
 */
record TlsFiles(Authority ca, Path caFile, Path serverCert, Path serverKey, Identity client, Path clientCert,
                Path clientKey) {
    static TlsFiles create(Path dir) {
        Authority ca = TestCertificates.authority("jnsq interop CA");
        Identity server = ca.issueServer(KeyType.RSA);
        Identity client = ca.issueClient("interop client", KeyType.EC);
        return new TlsFiles(ca, ca.writeCertificate(dir.resolve("ca.pem")),
                server.writeCertificate(dir.resolve("server.pem")),
                server.writeKey(dir.resolve("server.key"), KeyFormat.TRADITIONAL), client,
                client.writeCertificate(dir.resolve("client.pem")),
                client.writeKey(dir.resolve("client.key"), KeyFormat.TRADITIONAL));
    }

    /** nsqd requiring TLS and a client certificate signed by the CA. */
    void requireVerifiedClients(NsqdOptions options) {
        options.tlsCert = serverCert.toString();
        options.tlsKey = serverKey.toString();
        options.tlsRootCaFile = caFile.toString();
        options.tlsClientAuthPolicy = "require-verify";
        options.tlsRequired = NsqdOptions.TLS_REQUIRED;
    }

    /** A JDK client context trusting the CA, presenting the client certificate or none. */
    SSLContext clientContext(boolean withCertificate) {
        return TestCertificates.clientContext(ca, withCertificate ? client : null);
    }
}
