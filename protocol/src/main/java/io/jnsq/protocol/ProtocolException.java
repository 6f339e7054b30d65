package io.jnsq.protocol;

/**
 * An NSQ protocol error: an {@code E_*} code and a human description, sent to the client as
 * {@code "<code> <description>"} in an error frame, or as the bare code when the description is empty. A fatal
 * error closes the connection after the frame is written; a non-fatal one ({@code E_FIN_FAILED},
 * {@code E_REQ_FAILED}, {@code E_TOUCH_FAILED}) keeps it.
 */
public final class ProtocolException extends Exception {
    private final String code;
    private final String description;
    private final boolean fatal;

    private ProtocolException(String code, String description, boolean fatal) {
        // An empty description means a bare code, as nsqd sends E_BAD_PROTOCOL (no trailing space).
        super(description.isEmpty() ? code : code + " " + description, null, false, false);
        this.code = code;
        this.description = description;
        this.fatal = fatal;
    }

    /** An error after which the server closes the connection. */
    public static ProtocolException fatal(String code, String description) {
        return new ProtocolException(code, description, true);
    }

    /** An error after which the connection stays open. */
    public static ProtocolException nonFatal(String code, String description) {
        return new ProtocolException(code, description, false);
    }

    /** Shorthand for the most common fatal error, {@code E_INVALID}. */
    public static ProtocolException invalid(String description) {
        return fatal("E_INVALID", description);
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean isFatal() {
        return fatal;
    }

    /** The exact body of the error frame. */
    public String frameText() {
        return getMessage();
    }
}
