package io.jnsq.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * HTTP/1.1 requests as Go's {@code net/http} client makes them, for the daemons, tools and client that stand in for
 * NSQ's: redirects followed by Go's rules, failures worded as Go words them (NSQ prints those words). Over the JDK's
 * {@link HttpURLConnection}, connections kept alive by the JDK; blocking, or asynchronous on a pool of daemon threads
 * shared by every client (a thread idle for a minute ends).
 *
 * <p>Chosen over {@code java.net.http.HttpClient} for start-up: that one starts a selector thread and loads the
 * default TLS context (the CA store) as it is built, measured at about 320 ms before its first request and 100 ms
 * more for that request, where a first request here takes about 30 ms; a tool's first output waits for it.
 */
public final class GoHttpClient {
    /** Go's {@code http.Client}: a request that was redirected this often fails. */
    private static final int MAX_REDIRECTS = 10;
    /** The statuses Go's client follows when they carry a {@code Location}. */
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private static final ExecutorService REQUESTS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "go-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final SSLContext tls;
    private final boolean followRedirects;

    /** A response: its status and its whole body (empty when it has none). */
    public record Response(int status, byte[] body) {
    }

    /**
     * @param requestTimeout how long a response may keep the caller waiting between two reads
     * @param tls the context for {@code https} URLs, or {@code null} for the JDK's default
     * @param followRedirects whether 3xx answers with a {@code Location} are followed (as Go's client does)
     */
    public GoHttpClient(Duration connectTimeout, Duration requestTimeout, SSLContext tls, boolean followRedirects) {
        this.connectTimeoutMillis = millis(connectTimeout);
        this.requestTimeoutMillis = millis(requestTimeout);
        this.tls = tls;
        this.followRedirects = followRedirects;
    }

    private static int millis(Duration timeout) {
        // 0 means "no timeout" to HttpURLConnection: a positive timeout stays positive
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** {@link #send}, on a thread of the shared pool: the future fails with the {@link IOException} send throws. */
    public CompletableFuture<Response> sendAsync(String method, String url, Map<String, String> headers,
                                                 byte[] body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(method, url, headers, body);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, REQUESTS);
    }

    /**
     * Sends one request and reads the whole response.
     *
     * @param method {@code GET}, {@code POST}, ...
     * @param headers request headers, set as given
     * @param body the request body, or {@code null} for none ({@code POST} sends an empty one, as Go does)
     * @throws IOException worded as Go's client: {@code Get "url": connection refused}, or {@code parse "url": ...}
     *     for a URL that is none
     */
    public Response send(String method, String url, Map<String, String> headers, byte[] body) throws IOException {
        String current = url;
        String currentMethod = method;
        byte[] currentBody = body;
        for (int redirects = 0; ; redirects++) {
            Answer answer = once(currentMethod, current, headers, currentBody);
            String location = answer.location();
            if (location == null) {
                return answer.response();
            }
            current = resolve(current, location);
            if (redirects == MAX_REDIRECTS) {
                throw new IOException(goMethod(currentMethod) + " \"" + current + "\": stopped after 10 redirects");
            }
            // Go's rule: 301, 302 and 303 are followed with a GET (a HEAD stays one), 307 and 308 as they were sent
            if (answer.response().status() <= 303 && !currentMethod.equals("HEAD")) {
                currentMethod = "GET";
                currentBody = null;
            }
        }
    }

    /** A response, and where it redirects to when that is to be followed. */
    private record Answer(Response response, String location) {
    }

    private Answer once(String method, String url, Map<String, String> headers, byte[] body) throws IOException {
        HttpURLConnection connection = open(method, url);
        try {
            connection.setRequestMethod(method);
            headers.forEach(connection::setRequestProperty);
            byte[] sent = body == null && method.equals("POST") ? new byte[0] : body;
            if (sent != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(sent.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(sent);
                }
            }
            int status = connection.getResponseCode();
            String location = followRedirects && REDIRECTS.contains(status) ? connection.getHeaderField("Location")
                    : null;
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (in == null) {
                return new Answer(new Response(status, new byte[0]), location);
            }
            // read to its end and closed: the connection goes back to the JDK's keep-alive cache
            try (in) {
                return new Answer(new Response(status, in.readAllBytes()), location);
            }
        } catch (IOException e) {
            connection.disconnect();
            throw new IOException(goMethod(method) + " \"" + url + "\": " + reason(e), e);
        }
    }

    private HttpURLConnection open(String method, String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("parse \"" + url + "\": " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException(goMethod(method) + " \"" + url + "\": unsupported protocol scheme \"" + scheme
                    + "\"");
        }
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("parse \"" + url + "\": " + e.getMessage(), e);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(requestTimeoutMillis);
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
        }
        return connection;
    }

    private static String resolve(String base, String location) throws IOException {
        try {
            return new URI(base).resolve(location).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("failed to parse Location header \"" + location + "\": " + e.getMessage(), e);
        }
    }

    /** Go names a request's method so in its errors: {@code Get}, {@code Post}. */
    private static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    /** What Go's {@code net/http} says where the JDK says something else, or nothing at all. */
    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        if (e instanceof UnknownHostException) {
            return "dial tcp: lookup " + e.getMessage() + ": no such host";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
