package io.jnsq.apps.nsqtail;

import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.log.GoLog;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.apps.tools.ToolConfig;
import io.jnsq.apps.tools.ConsumerGroup;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.client.Consumer;
import io.jnsq.client.ConsumerStats;
import io.jnsq.client.Message;
import io.jnsq.client.MessageHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsq_tail's work: one consumer per topic on the same channel, each message body written to stdout followed by
 * {@code \n} ({@code <topic> | } before it with {@code --print-topic}), then finished.
 *
 * <p>Lines are buffered and written out whenever a consumer has handled everything it received (a line shows at
 * once when messages trickle in; many lines leave in one write when they pour in), when the buffer fills, and at
 * the end.
 *
 * <p>{@code --n}: exactly N lines over all topics, then a graceful stop and status 0; messages delivered past the
 * N-th are requeued at once, not shown. A stdout whose reader is gone ({@code nsq_tail | head}) ends the tool
 * quietly with status 141, as a Go program killed by SIGPIPE; any other write error is fatal.
 */
public final class NsqTail implements ToolMain.Tool {
    /** The status a shell reports for a Go program killed by SIGPIPE. */
    static final int BROKEN_PIPE_STATUS = 128 + 13;
    private static final Logger log = LoggerFactory.getLogger(NsqTail.class);
    private static final byte[] TOPIC_SEPARATOR = " | ".getBytes(StandardCharsets.US_ASCII);

    private final NsqTailOptions options;
    private final OutputStream stdout;
    private final ToolEnd end = new ToolEnd();
    /** Messages taken for printing, over every topic: {@code --n} counts these. */
    private final AtomicLong taken = new AtomicLong();
    private final ConsumerGroup consumers = new ConsumerGroup(NsqTailCommandLine.APP);
    private volatile boolean writing = true;

    public NsqTail(NsqTailOptions options, OutputStream stdout) {
        this.options = options;
        this.stdout = new BufferedOutputStream(stdout, 64 * 1024);
    }

    @Override
    public int run() throws Exception {
        int status;
        try {
            Config config = ToolConfig.builder(NsqTailCommandLine.APP, options.consumerOptions)
                    .maxInFlight(options.maxInFlight).build();
            ConsumerSources sources = new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses);
            for (String topic : options.topics) {
                if (end.isDone()) {
                    break;
                }
                GoLog.printf("Adding consumer for topic: %s", topic);
                TopicHandler handler = new TopicHandler(topic);
                Consumer consumer = new Consumer(topic, options.channel, config, handler);
                handler.consumer = consumer;
                consumer.onMaxAttemptsExceeded(handler::giveUp);
                consumers.add(consumer);
                sources.connect(consumer);
            }
            status = end.await();
        } finally {
            consumers.stopAll();
        }
        synchronized (this) {
            if (writing) {
                try {
                    stdout.flush();
                } catch (IOException e) {
                    return writeFailed(e);
                }
            }
        }
        return status;
    }

    /** SIGINT or SIGTERM: the consumers stop (CLS); what they were delivered already is still shown. */
    @Override
    public void stop() {
        end.stop();
    }

    private synchronized void print(byte[] topic, byte[] body, boolean flush) throws IOException {
        if (topic != null) {
            stdout.write(topic);
            stdout.write(TOPIC_SEPARATOR);
        }
        stdout.write(body);
        stdout.write('\n');
        if (flush) {
            stdout.flush();
        }
    }

    private synchronized void flush() {
        if (!writing) {
            return;
        }
        try {
            stdout.flush();
        } catch (IOException e) {
            outputFailed(e);
        }
    }

    /** Nothing more is shown: nsqd is asked for no more messages (RDY 0), the rest will be requeued. */
    private void stopTaking() {
        for (Consumer consumer : consumers) {
            consumer.changeMaxInFlight(0);
        }
    }

    private void outputFailed(IOException e) {
        writing = false;
        stopTaking();
        try {
            end.complete(writeFailed(e));
        } catch (IOException fatal) {
            end.fail(fatal);
        }
    }

    private static int writeFailed(IOException e) throws IOException {
        if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
            return BROKEN_PIPE_STATUS;
        }
        throw new IOException("ERROR: failed to write to os.Stdout - " + e.getMessage(), e);
    }

    /** One topic's handler; go-nsq's one goroutine per consumer is one handler thread here. */
    private final class TopicHandler implements MessageHandler {
        private final byte[] topic;
        volatile Consumer consumer;

        TopicHandler(String topic) {
            this.topic = options.printTopic ? topic.getBytes(StandardCharsets.UTF_8) : null;
        }

        @Override
        public void handle(Message message) {
            int total = options.totalMessages;
            long n = writing ? taken.incrementAndGet() : Long.MAX_VALUE;
            if (!writing || (total > 0 && n > total)) {
                message.requeueWithoutBackoff(Duration.ZERO);
                return;
            }
            try {
                print(topic, message.body(), caughtUp());
            } catch (IOException e) {
                message.requeueWithoutBackoff(Duration.ZERO);
                outputFailed(e);
                return;
            }
            if (n == total) {
                stopTaking();
                end.complete(0);
            }
        }

        /** go-nsq finishes a message past max_attempts without handling it, and logs it. */
        void giveUp(Message message) {
            log.warn("msg {} attempted {} times, giving up", message.id(), message.attempts());
            if (caughtUp()) {
                flush();
            }
        }

        /** Whether this consumer has received nothing it has not answered, but the message in hand. */
        private boolean caughtUp() {
            ConsumerStats stats = consumer.stats();
            return stats.messagesReceived() - stats.messagesFinished() - stats.messagesRequeued() <= 1;
        }
    }
}
