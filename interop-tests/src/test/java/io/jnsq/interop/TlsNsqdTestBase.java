package io.jnsq.interop;

import io.jnsq.nsqd.NsqdOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An nsqd per test that requires TLS and client certificates of a CA made for the test class. */
abstract class TlsNsqdTestBase extends NsqdTestBase {
    @TempDir
    static Path certs;
    static TlsFiles tls;

    @BeforeAll
    static void issueCertificates() {
        tls = TlsFiles.create(certs);
    }

    @Override
    void configure(NsqdOptions options) {
        tls.requireVerifiedClients(options);
    }
}
