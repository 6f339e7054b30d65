package io.jnsq.protocol;

/**
 * Topic and channel name rules: 1 to 64 characters of {@code [.a-zA-Z0-9_-]}, optionally ending in
 * {@code #ephemeral} (which counts toward the 64).
 */
public final class Names {
    /** Suffix that makes a topic or channel ephemeral: memory only, deleted when unused. */
    public static final String EPHEMERAL_SUFFIX = "#ephemeral";
    private static final int MAX_LENGTH = 64;

    private Names() {
    }

    /** Whether {@code name} is a valid topic name. */
    public static boolean isValidTopicName(String name) {
        return isValidName(name);
    }

    /** Whether {@code name} is a valid channel name (the same rule as topics). */
    public static boolean isValidChannelName(String name) {
        return isValidName(name);
    }

    /** Whether {@code name} ends in {@code #ephemeral}. */
    public static boolean isEphemeral(String name) {
        return name.endsWith(EPHEMERAL_SUFFIX);
    }

    private static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        int end = isEphemeral(name) ? name.length() - EPHEMERAL_SUFFIX.length() : name.length();
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
