package io.jnsq.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version line NSQ's binaries print, as in NSQ's {@code internal/version}: {@code nsqd v1.3.0 (built w/...)}. */
public final class Version {
    /** The NSQ release whose behaviour jnsq's daemons reproduce, as they report it. */
    public static final String NSQ = "1.3.0";
    /** The jnsq build, from a resource Maven fills in at build time. */
    public static final String JNSQ = readJnsqVersion();

    private Version() {
    }

    /** {@code <app> v1.3.0 (built w/jnsq <version>)}: NSQ's line, with jnsq where Go names its toolchain. */
    public static String string(String app) {
        return app + " v" + NSQ + " (built w/jnsq " + JNSQ + ")";
    }

    private static String readJnsqVersion() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the jnsq-common jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jnsq.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
