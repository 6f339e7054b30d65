package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The first line of a V2 command: a name and parameters separated by single spaces (two spaces make an empty
 * parameter, as in NSQ). A trailing {@code \r} is dropped. Names are case-sensitive.
 *
 * @param name the command name, for example {@code PUB}
 * @param params the parameters after the name
 */
public record CommandLine(String name, List<String> params) {

    /** Parses {@code length} bytes of {@code in} from its reader index (the newline excluded), consuming them. */
    public static CommandLine parse(ByteBuf in, int length) {
        if (length > 0 && in.getByte(in.readerIndex() + length - 1) == '\r') {
            String line = in.readCharSequence(length - 1, StandardCharsets.ISO_8859_1).toString();
            in.skipBytes(1);
            return split(line);
        }
        return split(in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString());
    }

    private static CommandLine split(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new CommandLine(line, List.of());
        }
        int count = 1;
        for (int i = line.indexOf(' ', space + 1); i >= 0; i = line.indexOf(' ', i + 1)) {
            count++;
        }
        String[] params = new String[count];
        int start = space + 1;
        for (int p = 0; p < count - 1; p++) {
            int next = line.indexOf(' ', start);
            params[p] = line.substring(start, next);
            start = next + 1;
        }
        params[count - 1] = line.substring(start);
        return new CommandLine(line.substring(0, space), Arrays.asList(params));
    }

    /** Number of parameters. */
    public int paramCount() {
        return params.size();
    }

    /** Parameter {@code i} (0-based). */
    public String param(int i) {
        return params.get(i);
    }
}
