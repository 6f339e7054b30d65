package io.jnsq.nsqd.http;

import io.jnsq.common.http.ConfigValues;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import java.nio.charset.StandardCharsets;

/**
 * {@code /config/:opt}: every flag-backed option readable by NSQ's name ({@link Nsqd#configValue}), and the two NSQ
 * changes at runtime, {@code nsqlookupd_tcp_addresses} and {@code log_level}, writable with PUT.
 */
final class ConfigApi {
    private final Daemon nsqd;

    ConfigApi(Daemon nsqd) {
        this.nsqd = nsqd;
    }

    Object doGetConfig(Request request) throws HttpException {
        String opt = request.param("opt");
        return opt.equals("drain") ? nsqd.broker().isDraining() : option(opt);
    }

    /**
     * Checks, in NSQ's order: the body (empty, or longer than --max-msg-size), then the option, then the value.
     * Answers the option's value after the change, as GET would. Beyond NSQ, as its RFC nsqio/nsq #1302 proposes,
     * {@code drain} starts draining and {@code shutdown} stops nsqd, whatever the body; both answer {@code true}.
     */
    Object doPutConfig(Request request) throws HttpException {
        switch (request.param("opt")) {
            case "drain" -> {
                nsqd.broker().drain();
                return true;
            }
            case "shutdown" -> {
                nsqd.requestExit();
                return true;
            }
            default -> {
                return putNsqOption(request);
            }
        }
    }

    private Object putNsqOption(Request request) throws HttpException {
        byte[] body = request.body();
        if (body.length == 0 || body.length > nsqd.options().maxMsgSize) {
            throw new HttpException(413, "INVALID_VALUE");
        }
        String opt = request.param("opt");
        switch (opt) {
            case "nsqlookupd_tcp_addresses" -> nsqd.setNsqlookupdTcpAddresses(ConfigValues.stringArray(body));
            case "log_level" -> setLogLevel(new String(body, StandardCharsets.UTF_8));
            default -> throw new HttpException(400, "INVALID_OPTION");
        }
        return option(opt);
    }

    private Object option(String opt) throws HttpException {
        return nsqd.configValue(opt).orElseThrow(() -> new HttpException(400, "INVALID_OPTION"));
    }

    /** The raw body, not JSON: {@code curl -X PUT -d debug}, as NSQ reads it. */
    private void setLogLevel(String level) throws HttpException {
        try {
            nsqd.setLogLevel(level);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "INVALID_VALUE");
        }
    }
}
