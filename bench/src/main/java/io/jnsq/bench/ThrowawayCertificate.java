package io.jnsq.bench;

import io.jnsq.testwire.TestCertificates;
import io.jnsq.testwire.TestCertificates.Identity;
import io.jnsq.testwire.TestCertificates.KeyFormat;
import io.jnsq.testwire.TestCertificates.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a throwaway server certificate for 127.0.0.1 and localhost, and its key, as the PEM files nsqd's
 * {@code --tls-cert} and {@code --tls-key} read: {@code bin/bench --tls} starts nsqd with them. The tools trust
 * any certificate, so the authority that signed it is thrown away too.
 *
 * <p>Usage: {@code ThrowawayCertificate <directory>}; writes {@code tls-cert.pem} and {@code tls-key.pem} there.
 */
public final class ThrowawayCertificate {
    private ThrowawayCertificate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ThrowawayCertificate <directory>");
            System.exit(2);
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        Identity server = TestCertificates.authority("jnsq bench throwaway CA").issueServer(KeyType.EC);
        server.writeCertificate(directory.resolve("tls-cert.pem"));
        server.writeKey(directory.resolve("tls-key.pem"), KeyFormat.PKCS8);
    }
}
