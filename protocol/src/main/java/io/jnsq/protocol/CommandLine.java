package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        String line = in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            return new CommandLine(line, List.of());
        }
        List<String> params = new ArrayList<>(2);
        int start = space + 1;
        while (true) {
            int next = line.indexOf(' ', start);
            if (next < 0) {
                params.add(line.substring(start));
                break;
            }
            params.add(line.substring(start, next));
            start = next + 1;
        }
        return new CommandLine(line.substring(0, space), params);
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
