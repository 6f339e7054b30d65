package io.jnsq.client;

/**
 * nsqd answered a command with an error frame: {@code E_BAD_TOPIC PUB topic name "a b" is not valid}. The code is
 * what programs branch on; the text is nsqd's, word for word.
 */
public final class NsqErrorException extends NsqException {
    private final String code;
    private final String description;

    NsqErrorException(String command, String frameText) {
        super(command + ": " + frameText);
        this.code = codeOf(frameText);
        this.description = frameText.length() > code.length() ? frameText.substring(code.length() + 1) : "";
    }

    static String codeOf(String frameText) {
        int space = frameText.indexOf(' ');
        return space < 0 ? frameText : frameText.substring(0, space);
    }

    /** NSQ's error code, such as {@code E_BAD_TOPIC}, {@code E_PUB_FAILED} or {@code E_AUTH_FAILED}. */
    public String code() {
        return code;
    }

    /** nsqd's description after the code; empty when it sent the bare code. */
    public String description() {
        return description;
    }

    /**
     * Whether nsqd keeps the connection after this error. Only the answers to FIN, REQ and TOUCH are not fatal;
     * after any other error nsqd closes the connection.
     */
    public boolean isFatal() {
        return !isNonFatalCode(code);
    }

    static boolean isNonFatalCode(String code) {
        return code.equals("E_FIN_FAILED") || code.equals("E_REQ_FAILED") || code.equals("E_TOUCH_FAILED");
    }
}
