package io.jnsq.nsqd.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What NSQ shows and sends about a TLS connection, in Go's spelling. */
public final class TlsNames {
    private TlsNames() {
    }

    /** Go's name of a protocol version ({@code TLS1.3}) for the JDK's ({@code TLSv1.3}). */
    public static String version(String jdkProtocol) {
        return switch (jdkProtocol) {
            case "TLSv1.3" -> "TLS1.3";
            case "TLSv1.2" -> "TLS1.2";
            case "TLSv1.1" -> "TLS1.1";
            case "TLSv1" -> "TLS1.0";
            default -> jdkProtocol;
        };
    }

    /** The common name of the client's certificate, or empty when it sent none (or its subject has no CN). */
    public static String peerCommonName(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return "";
        }
        try {
            String commonName = "";
            // Go's pkix.Name keeps the last CN of the subject.
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    commonName = String.valueOf(rdn.getValue());
                }
            }
            return commonName;
        } catch (InvalidNameException e) {
            return "";
        }
    }
}
