package io.jnsq.nsqadmin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jnsq.common.Version;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Payload;
import io.jnsq.common.http.Request;
import io.jnsq.common.json.Json;
import io.jnsq.nsqadmin.Nsqadmin;
import io.jnsq.nsqadmin.NsqadminOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The browser's side: one HTML shell for every page of the UI, carrying NSQ's JavaScript globals and loading
 * {@code main.js}, which draws the page the path names; and the UI's assets from the classpath ({@code static/}, or
 * {@code --dev-static-dir}).
 */
final class UiApi {
    /** Go's types for the UI's extensions, with NSQ's fallbacks for the font and map files. */
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("png", "image/png"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("woff", "application/font-woff"),
            Map.entry("ttf", "application/font-sfnt"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("woff2", "application/font-woff2"));

    private final Nsqadmin admin;
    private final String basePath;

    UiApi(Nsqadmin admin, String basePath) {
        this.admin = admin;
        this.basePath = basePath;
    }

    /** The page shell: the globals NSQ's {@code index.html} template sets, then the UI's mount point. */
    Object doIndex(Request request) {
        NsqadminOptions o = admin.options();
        String prefix = basePath.equals("/") ? "" : basePath;
        StringBuilder lookupds = new StringBuilder("[");
        for (String address : admin.lookupdHttpAddresses()) {
            lookupds.append(js(address)).append(',');
        }
        lookupds.append(']');
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>nsqadmin</title>\n"
                + "<link href=\"" + prefix + "/static/base.css\" rel=\"stylesheet\">\n"
                + "<link href=\"" + prefix + "/static/uPlot.min.css\" rel=\"stylesheet\">\n"
                + "<script type=\"text/javascript\">\n"
                + "var USER_AGENT = 'nsqadmin/v" + Version.NSQ + "';\n"
                + "var VERSION = " + js(Version.NSQ) + ";\n"
                + "var GRAPHITE_URL = " + js(o.proxyGraphite ? "" : o.graphiteUrl) + ";\n"
                + "var GRAPH_ENABLED = " + !o.graphiteUrl.isEmpty() + ";\n"
                + "var STATSD_COUNTER_FORMAT = " + js(o.statsdCounterFormat) + ";\n"
                + "var STATSD_GAUGE_FORMAT = " + js(o.statsdGaugeFormat) + ";\n"
                + "var STATSD_INTERVAL =  " + o.statsdInterval.toSeconds() + " ;\n"
                + "var STATSD_PREFIX = " + js(o.statsdPrefix) + ";\n"
                + "var NSQLOOKUPD = " + lookupds + ";\n"
                + "var IS_ADMIN =  " + ActionsApi.isAdmin(admin, request) + " ;\n"
                + "var BASE_PATH = " + js(basePath) + ";\n"
                + "</script>\n</head>\n<body>\n<div id=\"app\"></div>\n"
                + "<script type=\"module\" src=\"" + prefix + "/static/main.js\"></script>\n</body>\n</html>\n";
        return new Payload("text/html; charset=utf-8", null, html.getBytes(StandardCharsets.UTF_8));
    }

    Object doStaticAsset(Request request) throws HttpException {
        return asset("", request.param("asset"));
    }

    Object doFontAsset(Request request) throws HttpException {
        return asset("fonts/", request.param("asset"));
    }

    /** A file of the directory; names starting with a dot ({@code ..} among them) are none. */
    private Payload asset(String directory, String name) throws HttpException {
        byte[] bytes = name.startsWith(".") ? null : read(directory + name);
        if (bytes == null) {
            throw new HttpException(404, "NOT_FOUND");
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1));
        return new Payload(type == null ? "application/octet-stream" : type, null, bytes);
    }

    private byte[] read(String name) {
        String devDir = admin.options().devStaticDir;
        try {
            if (!devDir.isEmpty()) {
                Path file = Path.of(devDir).resolve(name).normalize();
                return file.startsWith(Path.of(devDir).normalize()) && Files.isRegularFile(file)
                        ? Files.readAllBytes(file) : null;
            }
            try (InputStream in = UiApi.class.getClassLoader().getResourceAsStream("static/" + name)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** A JavaScript string literal safe inside a script element, as Go's html/template writes one. */
    private static String js(String value) {
        try {
            return Json.mapper().writeValueAsString(value)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
