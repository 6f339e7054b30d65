package io.jnsq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.MessageHandler;
import com.sproutsocial.nsq.Publisher;
import com.sproutsocial.nsq.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;

/**
 * nsq-j (com.sproutsocial:nsq-j) publishers and subscribers pointed straight at one nsqd, stopped on close.
 *
 * <p>nsq-j's {@code Subscriber} finds nsqds through nsqlookupd; its {@code DirectSubscriber} takes nsqd TCP
 * addresses instead, and is what we use. In nsq-j 1.2 a DirectSubscriber always runs on nsq-j's static default
 * {@link Client} (it has no constructor taking one), so subscribers are stopped one by one, never through that
 * shared client, which the next test still needs. Each publisher gets a client of its own.
 */
final class NsqjClients implements AutoCloseable {
    /** How often a DirectSubscriber re-checks its nsqd connection (and reconnects if it dropped). */
    private static final int CHECK_HOSTS_INTERVAL_SECS = 1;
    private static final int STOP_WAIT_MILLIS = 2000;

    private final String nsqdAddress;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<Client> publisherClients = new ArrayList<>();
    /** What nsq-j wraps a connection in when IDENTIFY negotiated TLS; {@code null} for the JDK's default. */
    private SSLSocketFactory tls;

    NsqjClients(String nsqdAddress) {
        this.nsqdAddress = nsqdAddress;
    }

    /**
     * Makes the clients made from here on (and, until close, nsq-j's shared default client that subscribers run
     * on) take {@code factory}'s trust and certificate for TLS.
     */
    NsqjClients useTls(SSLSocketFactory factory) {
        tls = factory;
        Client.getDefaultClient().setSSLSocketFactory(factory);
        return this;
    }

    Publisher publisher() {
        Client client = new Client();
        client.setSSLSocketFactory(tls);
        publisherClients.add(client);
        return new Publisher(client, nsqdAddress, null);
    }

    /**
     * Subscribes a new DirectSubscriber to {@code topic/channel}. nsq-j connects and sends SUB before this
     * returns, but only logs a failure; so we check that the connection is up.
     */
    Subscriber subscribe(String topic, String channel, int maxInFlight, MessageHandler handler) {
        return subscribe(topic, channel, maxInFlight, handler, new Config());
    }

    /** As {@link #subscribe(String, String, int, MessageHandler)}, with IDENTIFY settings (snappy, deflate). */
    Subscriber subscribe(String topic, String channel, int maxInFlight, MessageHandler handler, Config config) {
        Subscriber subscriber = new DirectSubscriber(CHECK_HOSTS_INTERVAL_SECS, nsqdAddress);
        subscriber.setConfig(config);
        subscribers.add(subscriber);
        subscriber.subscribe(topic, channel, maxInFlight, handler);
        assertThat(subscriber.getConnectionCount())
                .as("nsq-j subscriber connected to nsqd %s for %s/%s (the nsq-j log says why not)",
                        nsqdAddress, topic, channel)
                .isEqualTo(1);
        return subscriber;
    }

    /**
     * A subscriber and a publisher with IDENTIFY settings {@code config}: ten PUBs (one Unicode, one large) and an
     * MPUB of 25 to {@code topic}, each received exactly once on channel {@code c}.
     */
    void publishAndConsume(String topic, Config config, String name) throws InterruptedException, TimeoutException {
        Inbox inbox = new Inbox(name);
        subscribe(topic, "c", 10, inbox::recordAndFinish, config);
        Publisher publisher = publisher();
        publisher.setConfig(config);

        List<String> singles = Bodies.concat(Bodies.numbered("pub", 10), List.of(Bodies.UNICODE, Bodies.LARGE));
        List<String> batch = Bodies.numbered("mpub", 25);
        singles.forEach(body -> publisher.publish(topic, Bodies.utf8(body)));
        publisher.publish(topic, Bodies.utf8(batch));
        List<String> expected = Bodies.concat(singles, batch);

        Deliveries.assertEachExactlyOnce(inbox.name(), inbox.awaitBodies(expected, NsqdTestBase.WAIT), expected);
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::stop);
        publisherClients.forEach(client -> client.stop(STOP_WAIT_MILLIS));
        if (tls != null) {
            Client.getDefaultClient().setSSLSocketFactory(null);
        }
    }
}
