package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.log.AppLog;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.clusterinfo.PartialErrors;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which topics nsq_to_file logs, as NSQ's {@code TopicDiscoverer} decides: the {@code --topic}s, or, without any,
 * every topic nsqlookupd knows, asked again every {@code --topic-refresh} (first after one interval, as NSQ's
 * ticker); either way only those {@code --topic-pattern} matches. A topic once logged stays logged.
 */
final class TopicDiscoverer {
    private final NsqToFileOptions options;
    private final AppLog log;
    private final Supplier<ClusterInfo> cluster;
    private final Function<String, TopicLogger> start;
    private final Predicate<String> allowed;
    private final Map<String, TopicLogger> loggers = new ConcurrentHashMap<>();

    /**
     * @param cluster makes the client of nsqlookupd's API, asked for only when topics are discovered: the JDK's
     *     HTTP client takes a few hundred milliseconds to make (its default TLS context), which a tool given its
     *     topics should not spend before it starts
     * @param start makes and starts a topic's logger; a {@link RuntimeException} when it cannot
     */
    TopicDiscoverer(NsqToFileOptions options, AppLog log, Supplier<ClusterInfo> cluster,
                    Function<String, TopicLogger> start) {
        this.options = options;
        this.log = log;
        this.cluster = cluster;
        this.start = start;
        this.allowed = allowed(options.topicPattern);
    }

    /** Logs the given topics, then refreshes them from nsqlookupd until the end; returns the end's status. */
    int run(ToolEnd end) throws Exception {
        update(options.topics);
        // as Go's time.Tick, a refresh interval that is not positive never ticks
        if (options.topics.isEmpty() && NsqToFileCommandLine.positive(options.topicRefresh)) {
            ClusterInfo lookupds = cluster.get();
            while (!end.await(options.topicRefresh)) {
                List<String> topics;
                try {
                    PartialErrors errors = new PartialErrors();
                    topics = lookupds.lookupdTopics(options.lookupdHttpAddresses, errors);
                    errors.throwIfAny();
                } catch (Exception e) {
                    log.error("could not retrieve topic list: %s", e.getMessage());
                    continue;
                }
                update(topics);
            }
        }
        return end.await();
    }

    /** The topics logged so far. */
    Collection<TopicLogger> loggers() {
        return loggers.values();
    }

    private void update(List<String> topics) {
        for (String topic : topics) {
            if (loggers.containsKey(topic)) {
                continue;
            }
            if (!allowed.test(topic)) {
                log.debug("skipping topic %s (doesn't match pattern %s)", topic, options.topicPattern);
                continue;
            }
            try {
                loggers.put(topic, start.apply(topic));
            } catch (RuntimeException e) {
                log.error("couldn't create logger for new topic %s: %s", topic, e.getMessage());
            }
        }
    }

    /**
     * Go's {@code regexp.MatchString}: the pattern found anywhere in the name; a pattern that does not compile
     * matches nothing, as in NSQ.
     */
    private static Predicate<String> allowed(String pattern) {
        if (pattern.isEmpty()) {
            return topic -> true;
        }
        try {
            return Pattern.compile(pattern).asPredicate();
        } catch (PatternSyntaxException e) {
            return topic -> false;
        }
    }
}
