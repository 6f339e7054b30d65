package io.jnsq.nsqd.http;

import io.jnsq.common.http.HttpException;
import io.jnsq.protocol.MpubBody;
import io.jnsq.protocol.ProtocolException;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The two body formats of {@code POST /mpub}, with NSQ's checks in NSQ's order. */
final class MpubReader {
    private MpubReader() {
    }

    /**
     * {@code binary=true}: {@code [int32 count]([int32 size][bytes])*}, as the TCP MPUB body without its size.
     * A refusal is {@code 413} with the TCP error code minus {@code E_}; bytes after the last message are ignored.
     */
    static List<byte[]> readBinary(byte[] body, long maxMsgSize, long maxBodySize) throws HttpException {
        try {
            return MpubBody.read(Unpooled.wrappedBuffer(body), maxMsgSize, maxBodySize);
        } catch (ProtocolException e) {
            throw new HttpException(413, e.code().substring("E_".length())); // BAD_BODY or BAD_MESSAGE
        }
    }

    /**
     * The default text mode: one message per {@code \n}-terminated line, empty lines skipped. {@code body} is what
     * NSQ reads through {@code io.LimitReader(body, maxBodySize+1)}: reaching that many bytes is too big, but only
     * once the line that reaches it is read, so an earlier line that is too long is reported first.
     */
    static List<byte[]> readText(byte[] body, long maxMsgSize, long maxBodySize) throws HttpException {
        List<byte[]> messages = new ArrayList<>();
        long total = 0;
        int start = 0;
        while (start <= body.length) {
            int newline = indexOf(body, (byte) '\n', start);
            int end = newline < 0 ? body.length : newline + 1;
            total += end - start;
            if (total == maxBodySize + 1) {
                throw new HttpException(413, "BODY_TOO_BIG");
            }
            int length = newline < 0 ? end - start : end - start - 1;
            if (length > maxMsgSize) {
                throw new HttpException(413, "MSG_TOO_BIG");
            }
            if (length > 0) {
                messages.add(Arrays.copyOfRange(body, start, start + length));
            }
            if (newline < 0) {
                break;
            }
            start = end;
        }
        return messages;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
