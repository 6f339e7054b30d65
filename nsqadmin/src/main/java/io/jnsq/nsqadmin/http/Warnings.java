package io.jnsq.nsqadmin.http;

import io.jnsq.clusterinfo.PartialErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * The partial upstream failures of one API request: each clusterinfo call gets its own {@link PartialErrors}, and
 * the response's {@code message} is NSQ's {@code WARNING: <call 1's errors>; <call 2's errors>}, or empty.
 */
final class Warnings {
    private final List<PartialErrors> calls = new ArrayList<>();

    /** The collector for the next clusterinfo call. */
    PartialErrors next() {
        PartialErrors errors = new PartialErrors();
        calls.add(errors);
        return errors;
    }

    String message() {
        List<String> messages = calls.stream().filter(e -> !e.isEmpty()).map(PartialErrors::toString).toList();
        return messages.isEmpty() ? "" : "WARNING: " + String.join("; ", messages);
    }
}
