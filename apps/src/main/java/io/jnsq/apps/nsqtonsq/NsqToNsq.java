package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.tools.TimerMetrics;
import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.log.GoLog;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.apps.tools.ToolConfig;
import io.jnsq.apps.tools.ConsumerGroup;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.client.Consumer;
import io.jnsq.client.Message;
import io.jnsq.client.MessageHandler;
import io.jnsq.client.Producer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsq_to_nsq's work: one consumer per topic on the same channel, each with as many concurrent handlers as there are
 * destinations; every message that passes the JSON options is published asynchronously to one destination chosen by
 * {@code --mode}, on {@code --destination-topic} or its own topic's name, and finished only once that nsqd has
 * acknowledged it; a failed publish requeues it (go-nsq's default delay, with backoff).
 */
public final class NsqToNsq implements ToolMain.Tool {
    private static final Logger log = LoggerFactory.getLogger(NsqToNsq.class);

    private final NsqToNsqOptions options;
    private final ToolEnd end = new ToolEnd();
    private final ConsumerGroup consumers = new ConsumerGroup(NsqToNsqCommandLine.APP);
    private final List<Producer> producers = new ArrayList<>();
    private final Destinations destinations;
    private final JsonFilter filter;
    private final List<TimerMetrics> perAddressStatus = new ArrayList<>();
    private final TimerMetrics aggregate;

    public NsqToNsq(NsqToNsqOptions options) {
        this.options = options;
        List<String> addresses = options.destinationNsqdTcpAddresses;
        this.destinations = new Destinations(addresses, options.hostPoolMode());
        this.filter = new JsonFilter(options.requireJsonField, options.requireJsonValue, options.whitelistJsonFields);
        for (String address : addresses) {
            // NSQ: no per-address status with a single destination
            perAddressStatus.add(new TimerMetrics(addresses.size() == 1 ? 0 : options.statusEvery,
                    "[" + address + "]:"));
        }
        this.aggregate = new TimerMetrics(options.statusEvery, "[aggregate]:");
    }

    @Override
    public int run() throws Exception {
        try {
            Config consumerConfig = ToolConfig.builder(NsqToNsqCommandLine.APP, options.consumerOptions)
                    .maxInFlight(options.maxInFlight).build();
            Config producerConfig = ToolConfig.builder(NsqToNsqCommandLine.APP, options.producerOptions).build();
            Map<String, Producer> byAddress = new LinkedHashMap<>();
            for (int i = 0; i < destinations.size(); i++) {
                String address = destinations.address(i);
                Producer producer = byAddress.get(address);
                if (producer == null) {
                    try {
                        producer = new Producer(address, producerConfig);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("failed creating producer " + e.getMessage(), e);
                    }
                    byAddress.put(address, producer);
                }
                producers.add(producer);
            }
            ConsumerSources sources = new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses);
            for (String topic : options.topics) {
                if (end.isDone()) {
                    break;
                }
                String destination = options.destinationTopic.isEmpty() ? topic : options.destinationTopic;
                Consumer consumer = new Consumer(topic, options.channel, consumerConfig,
                        new PublishHandler(destination), destinations.size());
                consumer.onMaxAttemptsExceeded(m ->
                        log.warn("msg {} attempted {} times, giving up", m.id(), m.attempts()));
                consumers.add(consumer);
                sources.connect(consumer);
            }
            return end.await();
        } finally {
            consumers.stopAll();
            for (Producer producer : new java.util.LinkedHashSet<>(producers)) {
                producer.close();
            }
        }
    }

    /** SIGINT or SIGTERM: the consumers stop (CLS), messages in flight are answered, then the producers close. */
    @Override
    public void stop() {
        end.stop();
    }

    /** The handler of one topic's consumer. */
    private final class PublishHandler implements MessageHandler {
        private final String destinationTopic;

        PublishHandler(String destinationTopic) {
            this.destinationTopic = destinationTopic;
        }

        @Override
        public void handle(Message message) throws Exception {
            byte[] body = message.body();
            if (filter.active()) {
                JsonFilter.Result result;
                try {
                    result = filter.apply(body);
                } catch (IOException e) {
                    GoLog.printf("ERROR: filterMessage() failed: %s", e.getMessage());
                    throw e;
                }
                switch (result.verdict()) {
                    case DROP:
                        return;
                    case BACKOFF:
                        throw new IOException("backoff");
                    default:
                        body = result.body();
                }
            }
            long start = System.nanoTime();
            int index = destinations.next();
            message.disableAutoResponse();
            CompletableFuture<Void> answer;
            try {
                answer = producers.get(index).publishAsync(destinationTopic, body);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((ok, failure) -> {
                destinations.mark(index, failure == null);
                if (failure == null) {
                    message.finish();
                } else {
                    log.debug("publish to {} failed: {}", destinations.address(index), failure.toString());
                    message.requeue();
                }
                perAddressStatus.get(index).status(start);
                aggregate.status(start);
            });
        }
    }
}
