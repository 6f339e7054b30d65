package io.jnsq.nsqd.http;

import io.jnsq.common.Lazy;
import io.jnsq.common.http.Payload;
import io.jnsq.common.http.Request;
import io.jnsq.nsqd.Broker;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}, beyond NSQ (nsqio/nsq #732): nsqd's topics and channels ({@link NsqdCollector}) and the
 * JVM's standard metrics, written by the official Prometheus client's writers in the format the scraper asks for
 * in {@code Accept}, as the client's own scrape handler negotiates it: Prometheus text 0.0.4 by default,
 * OpenMetrics, or Prometheus's protobuf; gzipped when {@code Accept-Encoding} allows.
 */
final class MetricsApi {
    /** Set up at the first scrape: the client's registry and writers cost a daemon's start-up time otherwise. */
    private final Lazy<Scraping> scraping;

    MetricsApi(Broker broker) {
        this.scraping = new Lazy<>(() -> {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new NsqdCollector(broker));
            registry.register((MultiCollector) JvmMetricsHolder.REGISTRY::scrape);
            return new Scraping(registry, ExpositionFormats.init());
        });
    }

    /** nsqd's registry and the writers of every format. */
    private record Scraping(PrometheusRegistry registry, ExpositionFormats formats) {
    }

    /**
     * The JVM's metrics (memory, GC, threads, classes, process), registered once per JVM: some of them listen
     * to GC notifications, and every nsqd in the JVM shows the same figures anyway.
     */
    private static final class JvmMetricsHolder {
        static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

        static {
            JvmMetrics.builder().register(REGISTRY);
        }
    }

    Object doMetrics(Request request) {
        Scraping scraping = this.scraping.get();
        String accept = request.header("Accept");
        ExpositionFormatWriter writer = scraping.formats().findWriter(accept);
        boolean gzip = acceptsGzip(request.header("Accept-Encoding"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
            writer.write(out, scraping.registry().scrape(), EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new Payload(writer.getContentType(), gzip ? "gzip" : null, body.toByteArray());
    }

    /** As the client's scrape handler: a {@code gzip} coding in the list, whatever its weight. */
    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            if (coding.split(";")[0].trim().equalsIgnoreCase("gzip")) {
                return true;
            }
        }
        return false;
    }
}
