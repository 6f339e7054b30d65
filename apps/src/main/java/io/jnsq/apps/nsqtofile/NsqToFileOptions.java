package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.tools.ConfigFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** nsq_to_file's options, each named after its flag, holding NSQ's defaults. */
public final class NsqToFileOptions {
    /** {@code --version}. */
    public boolean version;
    /** {@code --log-level}: debug, info, warn, error or fatal, for nsq_to_file's own lines. */
    public String logLevel = "info";
    /** {@code --log-prefix}, before each of nsq_to_file's own lines. */
    public String logPrefix = "[nsq_to_file] ";
    /** {@code --topic}, repeatable: one consumer and file logger each. */
    public final List<String> topics = new ArrayList<>();
    /** {@code --topic-pattern}: a regular expression topics must match (found anywhere in the name); empty for all. */
    public String topicPattern = "";
    /** {@code --topic-refresh}: how often nsqlookupd is asked for new topics, when no {@code --topic} is given. */
    public Duration topicRefresh = Duration.ofMinutes(1);
    /** {@code --channel}. */
    public String channel = "nsq_to_file";
    /** {@code --nsqd-tcp-address}, repeatable. */
    public final List<String> nsqdTcpAddresses = new ArrayList<>();
    /** {@code --lookupd-http-address}, repeatable. */
    public final List<String> lookupdHttpAddresses = new ArrayList<>();
    /** {@code --consumer-opt}, repeatable, in order. */
    public final List<ConfigFlag> consumerOptions = new ArrayList<>();
    /** {@code --max-in-flight}: also how many written messages wait for a sync at most. */
    public int maxInFlight = 200;
    /** {@code --http-client-connect-timeout}, for nsqlookupd's {@code /topics}. */
    public Duration httpConnectTimeout = Duration.ofSeconds(2);
    /** {@code --http-client-request-timeout}, for nsqlookupd's {@code /topics}. */
    public Duration httpRequestTimeout = Duration.ofSeconds(5);
    /** {@code --output-dir}: where finished files end up. */
    public String outputDir = "/tmp";
    /** {@code --work-dir}: where files are written before they are moved to the output directory; empty for it. */
    public String workDir = "";
    /** {@code --datetime-format}: strftime format of {@code <DATETIME>}. */
    public String datetimeFormat = "%Y-%m-%d_%H";
    /** {@code --filename-format}. */
    public String filenameFormat = "<TOPIC>.<HOST><REV>.<DATETIME>.log";
    /** {@code --host-identifier}: {@code <HOST>}'s value, with {@code <SHORT_HOST>} and {@code <HOSTNAME>} replaced. */
    public String hostIdentifier = "";
    /** {@code --gzip-level}, 1 to 9. */
    public int gzipLevel = 6;
    /** {@code --gzip}. */
    public boolean gzip;
    /** {@code --skip-empty-files}: a rotation by the sync ticker closes the file rather than opening an empty one. */
    public boolean skipEmptyFiles;
    /** {@code --rotate-size}: bytes written after which the file is rotated; 0 for never. */
    public long rotateSize;
    /** {@code --rotate-interval}: how long a file stays open at most; 0 for ever. */
    public Duration rotateInterval = Duration.ZERO;
    /** {@code --sync-interval}: how often files are synced and their messages finished. */
    public Duration syncInterval = Duration.ofSeconds(30);

    /** Whether file names need {@code <REV>}: a file may be rotated or moved onto a name already taken. */
    boolean needsRevision() {
        return gzip || rotateSize > 0 || !rotateInterval.isZero() || !workDir.equals(outputDir);
    }
}
