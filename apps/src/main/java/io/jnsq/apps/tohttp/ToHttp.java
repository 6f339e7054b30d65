package io.jnsq.apps.tohttp;

import io.jnsq.apps.tools.HostPool;
import io.jnsq.apps.tools.TimerMetrics;
import io.jnsq.apps.cli.ToolMain;
import io.jnsq.apps.log.GoLog;
import io.jnsq.apps.tools.ConsumerSources;
import io.jnsq.apps.tools.ToolConfig;
import io.jnsq.apps.tools.ToolEnd;
import io.jnsq.client.Config;
import io.jnsq.client.Consumer;
import io.jnsq.client.Message;
import io.jnsq.client.MessageHandler;
import io.jnsq.common.Version;
import io.jnsq.httpclient.GoHttpClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nsq_to_http's work: one consumer of the topic's channel, its messages handled on {@code --n} threads, each sent
 * over HTTP (POST with the body, or GET with the URL-query-escaped body in the template's {@code %s}) to the
 * address(es) {@code --mode} picks. A message is finished once its request(s) succeeded (2xx for POST, 200 for
 * GET); a failure fails the handler, so the message is requeued with backoff.
 */
public final class ToHttp implements ToolMain.Tool {
    /** The User-Agent of every request, as NSQ's. */
    static final String USER_AGENT = "nsq_to_http v" + Version.NSQ;
    /** The JDK's limit of idle connections kept per destination, read once, as its first connection is made. */
    private static final String KEEP_ALIVE_CONNECTIONS = "http.maxConnections";
    /** Headers the HTTP client manages itself (framing, the connection): a caller's are left out. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** RFC 9110's token characters besides letters and digits: what a header name may hold. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private final ToHttpOptions options;
    private final ToolEnd end = new ToolEnd();
    private final GoHttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> addresses;
    private final HostPool hostPool;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, TimerMetrics> perAddressStatus = new HashMap<>();
    private final TimerMetrics aggregate;
    private volatile Consumer consumer;

    public ToHttp(ToHttpOptions options) {
        this.options = options;
        // every publisher keeps its connection alive between messages, not only the JDK's default of 5
        if (System.getProperty(KEEP_ALIVE_CONNECTIONS) == null) {
            System.setProperty(KEEP_ALIVE_CONNECTIONS, Integer.toString(Math.max(5, options.publishers)));
        }
        this.http = new GoHttpClient(options.httpConnectTimeout, options.httpRequestTimeout, null, true);
        this.addresses = List.copyOf(options.addresses());
        this.hostPool = new HostPool(addresses);
        if (addresses.size() == 1) {
            perAddressStatus.put(addresses.get(0), new TimerMetrics(0, "")); // one address: the aggregate says it
        } else {
            for (String address : addresses) {
                perAddressStatus.put(address, new TimerMetrics(options.statusEvery, "[" + address + "]:"));
            }
        }
        this.aggregate = new TimerMetrics(options.statusEvery, "[aggregate]:");
        headers.put("User-Agent", USER_AGENT);
        if (options.post()) {
            headers.put("Content-Type", options.contentType);
        }
        options.headers.forEach((name, value) -> {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                GoLog.printf("WARNING: --header %s is set by the HTTP client itself, ignored", name);
                return;
            }
            // a later --header of the same name (any case) replaces an earlier one and our own, as Go's Header.Set
            headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            headers.put(name, value);
        });
    }

    @Override
    public int run() throws Exception {
        checkHeaders();
        Config config = ToolConfig.builder(ToHttpCommandLine.APP, options.consumerOptions)
                .maxInFlight(options.maxInFlight).build();
        Consumer c = new Consumer(options.topic, options.channel, config, this::handle, options.publishers);
        consumer = c;
        try {
            if (!end.isDone()) {
                new ConsumerSources(options.nsqdTcpAddresses, options.lookupdHttpAddresses).connect(c);
            }
            return end.await();
        } finally {
            c.close();
        }
    }

    /** SIGINT or SIGTERM: the consumer stops (CLS); messages in hand are sent and answered first. */
    @Override
    public void stop() {
        end.stop();
    }

    /** A header name or value HTTP cannot carry is fatal at the start, not a failure of each message. */
    private void checkHeaders() throws IOException {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                    || TOKEN_SYMBOLS.indexOf(c) >= 0))) {
                throw new IOException("invalid --header " + name + ": not a header name");
            }
            if (header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IOException("invalid --header " + name + ": its value holds a line break");
            }
        }
    }

    /** NSQ's {@code PublishHandler.HandleMessage}. */
    void handle(Message message) throws Exception {
        if (options.sample < 1.0 && ThreadLocalRandom.current().nextDouble() > options.sample) {
            return;
        }
        long start = System.nanoTime();
        switch (options.selectedMode) {
            case ALL -> {
                for (String address : addresses) {
                    long st = System.nanoTime();
                    publish(address, message.body());
                    perAddressStatus.get(address).status(st);
                }
            }
            case ROUND_ROBIN -> {
                // NSQ counts first: the first message goes to the second address
                String address = addresses.get((int) Long.remainderUnsigned(counter.incrementAndGet(),
                        addresses.size()));
                publish(address, message.body());
                perAddressStatus.get(address).status(start);
            }
            case HOST_POOL -> {
                String address = hostPool.get();
                try {
                    publish(address, message.body());
                } catch (Exception e) {
                    hostPool.mark(address, false);
                    throw e;
                }
                hostPool.mark(address, true);
                perAddressStatus.get(address).status(start);
            }
            default -> throw new IllegalStateException(options.selectedMode.toString());
        }
        aggregate.status(start);
    }

    /** One request: POST the body, or GET the template with the escaped body; anything but success throws. */
    void publish(String address, byte[] body) throws IOException {
        int status = options.post() ? http.send("POST", address, headers, body).status()
                : http.send("GET", address.replace("%s", queryEscape(body)), headers, null).status();
        boolean ok = options.post() ? status >= 200 && status < 300 : status == 200;
        if (!ok) {
            throw new IOException("got status code " + status);
        }
    }

    /** Go's {@code url.QueryEscape} of the body's bytes: space as {@code +}, all but {@code A-Za-z0-9-_.~} as %XX. */
    static String queryEscape(byte[] body) {
        StringBuilder out = new StringBuilder(body.length * 3);
        for (byte b : body) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Test hook: the running consumer, once {@link #run()} made it. */
    Consumer consumer() {
        return consumer;
    }
}
