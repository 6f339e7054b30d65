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
 * @param verb the command, or {@code null} when the name is not one NSQ knows
 * @param params the parameters after the name
 */
public record CommandLine(String name, Verb verb, List<String> params) {
    private static final Verb[] VERBS = Verb.values();

    /** Parses {@code length} bytes of {@code in} from its reader index (the newline excluded), consuming them. */
    public static CommandLine parse(ByteBuf in, int length) {
        int start = in.readerIndex();
        int end = start + length;
        in.readerIndex(end);
        if (length > 0 && in.getByte(end - 1) == '\r') {
            end--;
        }
        int nameEnd = in.indexOf(start, end, (byte) ' ');
        if (nameEnd < 0) {
            return named(in, start, end, List.of());
        }
        int count = 1;
        for (int i = in.indexOf(nameEnd + 1, end, (byte) ' '); i >= 0; i = in.indexOf(i + 1, end, (byte) ' ')) {
            count++;
        }
        String[] params = new String[count];
        int from = nameEnd + 1;
        for (int p = 0; p < count; p++) {
            int to = p == count - 1 ? end : in.indexOf(from, end, (byte) ' ');
            params[p] = in.toString(from, to - from, StandardCharsets.ISO_8859_1);
            from = to + 1;
        }
        return named(in, start, nameEnd, Arrays.asList(params));
    }

    /** Known commands share their name and verb, so the common lines cost no String for the name. */
    private static CommandLine named(ByteBuf in, int start, int end, List<String> params) {
        int length = end - start;
        for (Verb verb : VERBS) {
            String known = verb.name();
            if (known.length() == length && matches(in, start, known)) {
                return new CommandLine(known, verb, params);
            }
        }
        return new CommandLine(in.toString(start, length, StandardCharsets.ISO_8859_1), null, params);
    }

    private static boolean matches(ByteBuf in, int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (in.getByte(start + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
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
