package io.jnsq.apps.nsqtofile;

import java.time.ZonedDateTime;

/**
 * One topic's file names, from {@code --filename-format}: {@code <TOPIC>}, {@code <HOST>} and {@code <PID>} replaced
 * once, {@code <DATETIME>} with each name asked for, {@code <REV>} (kept only when files may be rotated or moved onto
 * a name already taken) when a file is opened or moved; {@code .gz} added with {@code --gzip}.
 */
final class FileNames {
    static final String REV = "<REV>";

    private final String template;
    private final String datetimeFormat;

    /**
     * @param hostname the OS hostname, as Go's {@code os.Hostname()}: {@code <HOST>} is its part before the first
     *     dot, unless {@code --host-identifier} says otherwise
     */
    FileNames(NsqToFileOptions options, String topic, String hostname, long pid) {
        String shortHostname = hostname.split("\\.", -1)[0];
        String host = options.hostIdentifier.isEmpty() ? shortHostname
                : options.hostIdentifier.replace("<SHORT_HOST>", shortHostname).replace("<HOSTNAME>", hostname);
        String name = options.needsRevision() ? options.filenameFormat : options.filenameFormat.replace(REV, "");
        name = name.replace("<TOPIC>", topic).replace("<HOST>", host).replace("<PID>", Long.toString(pid));
        if (options.gzip && !name.endsWith(".gz")) {
            name += ".gz";
        }
        this.template = name;
        this.datetimeFormat = options.datetimeFormat;
    }

    /** The name for a file opened at {@code now}, {@code <REV>} still in it. */
    String at(ZonedDateTime now) {
        return template.replace("<DATETIME>", Strftime.format(datetimeFormat, now));
    }

    /** The name with its revision: {@code -000001}. */
    static String withRevision(String name, int revision) {
        return name.replace(REV, String.format("-%06d", revision));
    }
}
