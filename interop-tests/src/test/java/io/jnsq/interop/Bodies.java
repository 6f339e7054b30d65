package io.jnsq.interop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Message bodies for the tests. */
final class Bodies {
    /** Not only ASCII: the bytes must survive every client and nsqd unchanged. */
    static final String UNICODE = "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c \ud83d\ude80";
    /** Large enough to span many TCP reads, well under nsqd's 1 MiB --max-msg-size. */
    static final String LARGE = "large:" + "0123456789abcdef".repeat(4 * 1024);

    private Bodies() {
    }

    /** {@code prefix-0 .. prefix-(count-1)}. */
    static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> utf8(List<String> bodies) {
        return bodies.stream().map(Bodies::utf8).toList();
    }

    static String fromUtf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
