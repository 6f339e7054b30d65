package io.jnsq.apps.nsqtofile;

import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.log.AppLog;
import io.jnsq.apps.tools.ConsumerGroup;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.apps.tools.ToolConfig;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.protocol.Hostname;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * nsq_to_file's work: one consumer and one file per topic ({@link TopicLogger}), for the topics
 * {@link TopicDiscoverer} finds. SIGHUP syncs and closes every file; SIGINT and SIGTERM stop the consumers, the
 * messages they still deliver are written and finished, and every file is synced, closed (and moved) before the
 * tool exits.
 */
public final class NsqToFile implements ToolMain.Tool {
    private final ToolEnd end = new ToolEnd();
    private final ConsumerGroup consumers = new ConsumerGroup(NsqToFileCommandLine.APP);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, NsqToFileCommandLine.APP + "-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final TopicDiscoverer discoverer;

    public NsqToFile(NsqToFileOptions options) {
        AppLog log = new AppLog(options.logPrefix, options.logLevel);
        Config config = ToolConfig.builder(NsqToFileCommandLine.APP, options.consumerOptions)
                .maxInFlight(options.maxInFlight).build();
        ConsumerSources sources = new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses);
        String hostname = Hostname.os();
        long pid = ProcessHandle.current().pid();
        this.discoverer = new TopicDiscoverer(options, log,
                () -> new ClusterInfo(options.httpConnectTimeout, options.httpRequestTimeout), topic -> {
                    TopicLogger logger = new TopicLogger(topic, options, config,
                            new FileNames(options, topic, hostname, pid), log, end);
                    logger.start(sources, timers);
                    consumers.add(logger.consumer());
                    return logger;
                });
    }

    @Override
    public int run() throws Exception {
        try {
            return discoverer.run(end);
        } finally {
            for (TopicLogger logger : discoverer.loggers()) {
                logger.stopping();
            }
            consumers.stopAll();
            for (TopicLogger logger : discoverer.loggers()) {
                logger.stopped();
            }
            for (TopicLogger logger : discoverer.loggers()) {
                logger.await();
            }
            timers.shutdownNow();
        }
    }

    /** SIGINT or SIGTERM. */
    @Override
    public void stop() {
        end.stop();
    }

    /** SIGHUP: every file synced and closed; the next message of a topic opens its file again. */
    public void hup() {
        for (TopicLogger logger : discoverer.loggers()) {
            logger.hup();
        }
    }
}
