package io.jnsq.nsqd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void md5GivesRfc1321sTestSuiteDigests() {
        assertThat(hex(NodeId.md5(bytes("")))).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(hex(NodeId.md5(bytes("abc")))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(hex(NodeId.md5(bytes("message digest")))).isEqualTo("f96b697d7cb7938d525a2f31aaf161d0");
        assertThat(hex(NodeId.md5(bytes("1234567890".repeat(8))))).isEqualTo("57edf4a22be3c955ac49da2e2107b67a");
    }

    @Test
    void md5AgreesWithTheJdksForEveryLengthAroundBlockBoundaries() throws Exception {
        Random random = new Random(1302);
        MessageDigest jdk = MessageDigest.getInstance("MD5");
        for (int length = 0; length < 300; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertThat(NodeId.md5(input)).as("length %d", length).isEqualTo(jdk.digest(input));
        }
    }

    @Test
    void theDefaultIsInNsqsRange() {
        assertThat(NodeId.defaultNodeId()).isBetween(0, 1023);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
