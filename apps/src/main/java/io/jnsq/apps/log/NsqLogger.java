package io.jnsq.apps.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named SLF4J logger of the binaries, writing NSQ's log line through {@link NsqLogging}. */
final class NsqLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    NsqLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return NsqLogging.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return NsqLogging.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return NsqLogging.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return NsqLogging.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return NsqLogging.enabled(name, Level.ERROR);
    }

    /** At NSQ's fatal level, an ERROR marked FATAL still gets through. */
    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled() || NsqLogging.isFatal(marker);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable thrown) {
        NsqLogging.write(level, marker, MessageFormatter.basicArrayFormat(pattern, arguments), thrown);
    }
}
