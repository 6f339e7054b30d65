package io.jnsq.apps.tohttp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jnsq.apps.tools.FullListener;
import io.jnsq.apps.tools.ToolRun;
import io.jnsq.nsqd.Channel;
import io.jnsq.nsqd.Topic;
import io.jnsq.testsupport.NsqCluster;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nsq_to_http end to end, in this JVM: nsqd on loopback, HTTP endpoints recording what they are sent. */
@Timeout(60)
class ToHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NsqCluster cluster;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private ToolRun<ToHttp> run;

    @BeforeEach
    void start() throws Exception {
        cluster = NsqCluster.builder().lookupds(0).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (run != null) {
            run.close();
        }
        endpoints.forEach(Endpoint::close);
        cluster.close();
    }

    @Test
    void postsEveryMessageOnceWithNsqsUserAgentTheContentTypeAndCustomHeaders() throws Exception {
        Endpoint endpoint = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/post"), "--content-type=text/plain",
                "--header=X-Test: yes", "--header=X-Other:two words");
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 50);

        awaitFinished(channel, 50);
        assertThat(endpoint.requests).extracting(Request::body).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(endpoint.requests).allSatisfy(r -> {
            assertThat(r.method).isEqualTo("POST");
            assertThat(r.path).isEqualTo("/post");
            assertThat(r.headers).containsEntry("User-Agent", "nsq_to_http v1.3.0")
                    .containsEntry("Content-Type", "text/plain").containsEntry("X-Test", "yes")
                    .containsEntry("X-Other", "two words");
        });
        assertThat(channel.requeueCount()).isZero();
        assertThat(run.stop()).isZero();
    }

    @Test
    void postsWithTheDefaultContentType() throws Exception {
        Endpoint endpoint = endpoint(() -> 204); // any 2xx is a success for POST
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"));
        Channel channel = awaitConsumer();

        publish("m", 3);

        awaitFinished(channel, 3);
        assertThat(endpoint.requests).hasSize(3).allSatisfy(r -> assertThat(r.headers)
                .containsEntry("Content-Type", "application/octet-stream"));
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void getsTheTemplateWithTheBodyQueryEscapedAsGoDoes() throws Exception {
        Endpoint endpoint = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--get=" + endpoint.url("/get?x=1&data=%s"), "--header=X-Test:yes");
        Channel channel = awaitConsumer();

        cluster.nsqd(0).broker().topic("t").publish("a b&c=d/é~*".getBytes(UTF_8));

        awaitFinished(channel, 1);
        Request request = endpoint.requests.get(0);
        assertThat(request.method).isEqualTo("GET");
        assertThat(request.query).isEqualTo("x=1&data=a+b%26c%3Dd%2F%C3%A9~%2A");
        assertThat(URLDecoder.decode(request.query.substring("x=1&data=".length()), UTF_8)).isEqualTo("a b&c=d/é~*");
        assertThat(request.headers).containsEntry("User-Agent", "nsq_to_http v1.3.0").containsEntry("X-Test", "yes")
                .doesNotContainKey("Content-Type");
    }

    @Test
    void roundRobinSendsEachMessageToOneEndpointInTurn() throws Exception {
        Endpoint a = endpoint(() -> 200);
        Endpoint b = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--mode=round-robin", "--post=" + a.url("/"), "--post=" + b.url("/"));
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 20);

        awaitFinished(channel, 20);
        assertThat(a.requests).hasSize(10);
        assertThat(b.requests).hasSize(10);
        List<String> both = new ArrayList<>(a.bodies());
        both.addAll(b.bodies());
        assertThat(both).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void anyOtherModeSendsEveryMessageToEveryEndpoint() throws Exception {
        Endpoint a = endpoint(() -> 200);
        Endpoint b = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--mode=multicast", "--get=" + a.url("/?d=%s"),
                "--get=" + b.url("/?d=%s"));
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 20);

        awaitFinished(channel, 20);
        assertThat(a.requests).extracting(r -> r.query.substring(2)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(b.requests).extracting(r -> r.query.substring(2)).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void theHostPoolLeavesAFailingEndpointAside() throws Exception {
        Endpoint failing = endpoint(() -> 503);
        Endpoint good = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--n=1", "--post=" + failing.url("/"), "--post=" + good.url("/"),
                "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 10);

        awaitFinished(channel, 10);
        // dead for 30 s after its first failure: the one message it failed goes to the other endpoint
        assertThat(failing.requests).hasSize(1);
        assertThat(good.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isEqualTo(1);
    }

    @Test
    void aFailingEndpointHasTheMessagesRequeuedUntilItSucceeds() throws Exception {
        AtomicInteger failures = new AtomicInteger(3);
        Endpoint endpoint = endpoint(() -> failures.getAndDecrement() > 0 ? 500 : 200);
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"),
                "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 10);

        awaitFinished(channel, 10);
        assertThat(endpoint.requests).hasSize(13);
        assertThat(endpoint.requests).filteredOn(r -> r.status == 200).extracting(Request::body)
                .containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isEqualTo(3);
    }

    @Test
    void getSucceedsOnlyWith200() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        Endpoint endpoint = endpoint(() -> answers.getAndIncrement() == 0 ? 201 : 200);
        run = start("--topic=t", nsqd(), "--get=" + endpoint.url("/%s"),
                "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        publish("m", 1);

        awaitFinished(channel, 1);
        assertThat(endpoint.requests).extracting(r -> r.status).containsExactly(201, 200);
        assertThat(channel.requeueCount()).isEqualTo(1);
    }

    @Test
    void sampleZeroSendsNothingAndFinishesEverything() throws Exception {
        Endpoint endpoint = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"), "--sample=0");
        Channel channel = awaitConsumer();

        publish("m", 20);

        awaitFinished(channel, 20);
        assertThat(endpoint.requests).isEmpty();
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void anEndpointThatCannotBeReachedRequeues() throws Exception {
        Endpoint endpoint = endpoint(() -> 200);
        String url = endpoint.url("/");
        endpoint.close();
        run = start("--topic=t", nsqd(), "--post=" + url, "--consumer-opt=default_requeue_delay,10ms",
                "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        publish("m", 1);

        Await.until(WAIT, () -> channel.requeueCount() >= 1, "the message to be requeued");
        assertThat(run.stop()).isZero();
    }

    @Test
    void redirectsAreFollowedAsGosClientFollowsThem() throws Exception {
        Endpoint target = endpoint(() -> 200);
        Endpoint moved = endpoint(() -> 307);
        moved.location = target.url("/new");
        run = start("--topic=t", nsqd(), "--post=" + moved.url("/old"));
        Channel channel = awaitConsumer();

        publish("m", 1);

        awaitFinished(channel, 1);
        assertThat(moved.requests).hasSize(1);
        assertThat(target.requests).singleElement().satisfies(r -> {
            assertThat(r.method).isEqualTo("POST");
            assertThat(r.path).isEqualTo("/new");
            assertThat(r.body()).isEqualTo("m0");
        });
    }

    @Test
    void maxInFlightAndConsumerOptionsReachTheClientButNotItsUserAgent() throws Exception {
        run = start("--topic=t", "--channel=c", nsqd(), "--post=http://127.0.0.1:1/", "--max-in-flight=7",
                "--consumer-opt=client_id,to-http-test", "--consumer-opt=user_agent,mine");
        awaitConsumer();

        // RDY follows SUB: wait for it
        String stats = Await.untilNonNull(WAIT, () -> {
            String body = TestHttp.get(cluster.nsqdHttpAddresses().get(0), "/stats?format=json&topic=t").body();
            return body.contains("\"ready_count\":7") ? body : null;
        }, "RDY 7");

        assertThat(stats).contains("\"client_id\":\"to-http-test\"")
                .contains("\"user_agent\":\"nsq_to_http/1.3.0 go-nsq/1.1.0\"");
        assertThat(run.stop()).isZero();
    }

    @Test
    void aHeaderHttpCannotCarryIsFatalAndOneTheClientSetsItselfIsLeftOut() throws Exception {
        ToolRun<ToHttp> bad = start("--topic=t", nsqd(), "--post=http://127.0.0.1:1/", "--header=Bad Name: x");
        assertThatThrownBy(() -> bad.status.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessageStartingWith("invalid --header Bad Name: ");

        Endpoint endpoint = endpoint(() -> 200);
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"), "--header=Host: elsewhere",
                "--header=user-agent: mine");
        Channel channel = awaitConsumer();
        publish("m", 1);

        awaitFinished(channel, 1);
        assertThat(endpoint.requests.get(0).headers)
                .containsEntry("Host", "127.0.0.1:" + endpoint.server.getAddress().getPort())
                .containsEntry("User-Agent", "mine");
    }

    @Test
    void anInvalidTopicNameIsFatal() throws Exception {
        ToolRun<ToHttp> bad = start("--topic=no spaces", nsqd(), "--post=http://127.0.0.1:1/");

        assertThatThrownBy(() -> bad.status.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("invalid topic name");
    }

    @Test
    void aRequestThatOutlastsTheRequestTimeoutFailsAndItsMessageIsSentAgain() throws Exception {
        CountDownLatch requeued = new CountDownLatch(1);
        AtomicInteger answers = new AtomicInteger();
        Endpoint endpoint = endpoint(() -> {
            if (answers.getAndIncrement() == 0) {
                await(requeued); // answers only once nsq_to_http has given up on it
            }
            return 200;
        });
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"), "--http-client-request-timeout=200ms",
                "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        publish("m", 1);

        Await.until(WAIT, () -> channel.requeueCount() == 1, "the message requeued after the timeout");
        requeued.countDown();
        awaitFinished(channel, 1);
        Await.until(WAIT, () -> endpoint.requests.size() == 2, "the first request answered too");
        assertThat(endpoint.bodies()).containsExactly("m0", "m0");
        assertThat(channel.requeueCount()).isEqualTo(1);
    }

    @Test
    void anEndpointThatDoesNotAcceptWithinTheConnectTimeoutFailsTheMessage() throws Exception {
        try (FullListener full = new FullListener()) {
            // without the connect timeout, nothing would end the request for an hour
            run = start("--topic=t", nsqd(), "--post=http://" + full.address() + "/",
                    "--http-client-connect-timeout=200ms", "--http-client-request-timeout=1h",
                    "--consumer-opt=default_requeue_delay,10ms", "--consumer-opt=backoff_multiplier,10ms");
            Channel channel = awaitConsumer();

            publish("m", 1);

            Await.until(WAIT, () -> channel.requeueCount() >= 2, "the message requeued after each connect timeout");
            assertThat(run.tool.consumer().stats().messagesFinished()).isZero();
            assertThat(run.stop()).isZero();
        }
    }

    @Test
    void nHandlersSendConcurrently() throws Exception {
        // each request is answered only once all four have arrived: one handler short and none would be
        CountDownLatch together = new CountDownLatch(4);
        Endpoint endpoint = endpoint(() -> {
            together.countDown();
            return await(together) ? 200 : 500;
        });
        run = start("--topic=t", nsqd(), "--post=" + endpoint.url("/"), "--n=4", "--max-in-flight=4");
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 4);

        awaitFinished(channel, 4);
        assertThat(endpoint.requests).extracting(Request::status).containsOnly(200);
        assertThat(endpoint.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(channel.requeueCount()).isZero();
    }

    @Test
    void toEveryEndpointAMessageIsFinishedOnlyOnceEveryOneSucceeded() throws Exception {
        Endpoint good = endpoint(() -> 200);
        AtomicInteger failures = new AtomicInteger(2);
        Endpoint failing = endpoint(() -> failures.getAndDecrement() > 0 ? 500 : 200);
        run = start("--topic=t", nsqd(), "--mode=fan-out", "--n=1", "--post=" + good.url("/"),
                "--post=" + failing.url("/"), "--consumer-opt=default_requeue_delay,10ms",
                "--consumer-opt=backoff_multiplier,10ms");
        Channel channel = awaitConsumer();

        List<String> bodies = publish("m", 5);

        awaitFinished(channel, 5);
        // a message failed by the second endpoint is sent again to both, as NSQ's
        assertThat(channel.requeueCount()).isEqualTo(2);
        assertThat(failing.requests).hasSize(7);
        assertThat(failing.requests).filteredOn(r -> r.status == 200).extracting(Request::body)
                .containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(good.requests).hasSize(7);
        assertThat(good.bodies()).containsAll(bodies);
    }

    /** Waits for the latch, 10 s at most; whether it opened. */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Endpoint endpoint(IntSupplier status) throws Exception {
        Endpoint endpoint = new Endpoint(status);
        endpoints.add(endpoint);
        return endpoint;
    }

    private String nsqd() {
        return "--nsqd-tcp-address=" + cluster.nsqdTcpAddresses().get(0);
    }

    private Channel awaitConsumer() {
        return Await.untilNonNull(WAIT, () -> {
            Topic topic = cluster.nsqd(0).broker().existingTopic("t");
            if (topic == null) {
                return null;
            }
            return topic.channels().stream().filter(c -> !c.clients().isEmpty()).findFirst().orElse(null);
        }, "nsq_to_http to subscribe");
    }

    /** {@code count} messages finished by nsq_to_http, and nothing left in the channel. */
    private void awaitFinished(Channel channel, int count) {
        Await.until(WAIT, () -> run.tool.consumer() != null
                && run.tool.consumer().stats().messagesFinished() == count, count + " messages finished");
        Await.until(WAIT, () -> channel.messageCount() == count && channel.undelivered() == 0, "an empty channel");
    }

    private List<String> publish(String prefix, int count) throws Exception {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        for (String body : bodies) {
            cluster.nsqd(0).broker().topic("t").publish(body.getBytes(UTF_8));
        }
        return bodies;
    }

    /** One request as the endpoint saw it, and the status it answered. */
    record Request(String method, String path, String query, Map<String, String> headers, byte[] content,
                   int status) {
        String body() {
            return new String(content, UTF_8);
        }
    }

    /** A local HTTP endpoint answering with the given status, keeping every request. */
    private static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newCachedThreadPool();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile String location;

        Endpoint(IntSupplier status) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] content = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                int code = status.getAsInt();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers, content, code));
                if (location != null) {
                    exchange.getResponseHeaders().set("Location", location);
                }
                exchange.sendResponseHeaders(code, -1);
                exchange.close();
            });
            // a thread per request, as a real server: nsq_to_http's handlers may send at once
            server.setExecutor(executor);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<String> bodies() {
            return requests.stream().map(Request::body).toList();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** nsq_to_http run on a thread of its own, as its main would. */
    private static ToolRun<ToHttp> start(String... args) throws Exception {
        return new ToolRun<>("nsq_to_http", new ToHttp(ToHttpCommandLine.parse(args)));
    }
}
