package io.jnsq.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An MPUB body, {@code [int32 count]} then {@code [int32 size][body]} per message, read as NSQ's readMPUB reads it
 * for a TCP MPUB and for HTTP {@code /mpub?binary=true}: with its checks in its order and its errors, which the
 * HTTP API maps to its own.
 */
public final class MpubBody {
    private MpubBody() {
    }

    /**
     * The message bodies; bytes after the last one are left unread.
     *
     * @throws ProtocolException {@code E_BAD_BODY} for a count that cannot be, {@code E_BAD_MESSAGE} for a message
     *     that is cut short, empty or larger than {@code maxMsgSize}; fatal, with NSQ's texts
     */
    public static List<byte[]> read(ByteBuf body, long maxMsgSize, long maxBodySize) throws ProtocolException {
        if (body.readableBytes() < 4) {
            throw ProtocolException.fatal("E_BAD_BODY", "MPUB failed to read message count");
        }
        int count = body.readInt();
        if (count <= 0 || count > (maxBodySize - 4) / 5) {
            throw ProtocolException.fatal("E_BAD_BODY", "MPUB invalid message count " + count);
        }
        List<byte[]> messages = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            if (body.readableBytes() < 4) {
                throw ProtocolException.fatal("E_BAD_MESSAGE", "MPUB failed to read message(" + i + ") body size");
            }
            int size = body.readInt();
            if (size <= 0) {
                throw ProtocolException.fatal("E_BAD_MESSAGE", "MPUB invalid message(" + i + ") body size " + size);
            }
            if (size > maxMsgSize) {
                throw ProtocolException.fatal("E_BAD_MESSAGE", "MPUB message too big " + size + " > " + maxMsgSize);
            }
            if (body.readableBytes() < size) {
                throw ProtocolException.fatal("E_BAD_MESSAGE", "MPUB failed to read message body");
            }
            byte[] message = new byte[size];
            body.readBytes(message);
            messages.add(message);
        }
        return messages;
    }
}
