package io.jnsq.nsqadmin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IP network in CIDR notation ({@code 127.0.0.1/8}, {@code ::1/128}), as Go's {@code net.ParseCIDR} reads it. */
public record Cidr(byte[] network, int prefixLength) {
    /** Literal addresses only: no name is ever looked up. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** @throws IllegalArgumentException as Go's {@code invalid CIDR address: <text>} */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        IllegalArgumentException invalid = new IllegalArgumentException("invalid CIDR address: " + text);
        if (slash < 0 || !LITERAL.matcher(text.substring(0, slash)).matches()) {
            throw invalid;
        }
        byte[] address;
        int bits;
        try {
            address = InetAddress.getByName(text.substring(0, slash)).getAddress();
            bits = Integer.parseInt(text.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            throw invalid;
        }
        if (bits < 0 || bits > address.length * 8) {
            throw invalid;
        }
        return new Cidr(address, bits);
    }

    /** Whether the address is in the network; an address of the other family never is. */
    public boolean contains(InetAddress address) {
        byte[] ip = address.getAddress();
        if (ip.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
