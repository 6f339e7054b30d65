package io.jnsq.apps.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.TimeZone;

/**
 * The local time as the tools print it and name files by it, from {@link TimeZone} rather than {@code java.time}'s
 * zone rules: those look for providers in every jar of the class path as they are first used, which costs a tool
 * tens of milliseconds (and under load a few hundred) before its first line or file.
 */
public final class LocalTime {
    private LocalTime() {
    }

    /** The local zone's offset from UTC at {@code time}, daylight saving included. */
    public static ZoneOffset offsetAt(Instant time) {
        return ZoneOffset.ofTotalSeconds(TimeZone.getDefault().getOffset(time.toEpochMilli()) / 1000);
    }

    /** Now, at the local zone's offset (a fixed-offset zone: its name is the offset, not the local zone's). */
    public static ZonedDateTime now() {
        Instant now = Instant.now();
        return now.atZone(offsetAt(now));
    }
}
