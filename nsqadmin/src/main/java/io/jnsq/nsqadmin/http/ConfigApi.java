package io.jnsq.nsqadmin.http;

import io.jnsq.common.http.ConfigValues;
import io.jnsq.common.http.HttpException;
import io.jnsq.common.http.Request;
import io.jnsq.nsqadmin.Cidr;
import io.jnsq.nsqadmin.Nsqadmin;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code /config/:opt}, as nsqd's: every flag-backed option readable by NSQ's config name, and the two nsqadmin
 * changes at runtime, {@code nsqlookupd_http_addresses} and {@code log_level}, writable with PUT; only from
 * {@code --allow-config-from-cidr}.
 */
final class ConfigApi {
    /** NSQ's limit on a PUT body. */
    static final int MAX_BODY = 1024 * 1024;

    private final Nsqadmin admin;
    /** {@code null}: anyone may. */
    private final Cidr allowed;

    ConfigApi(Nsqadmin admin) {
        this.admin = admin;
        String cidr = admin.options().allowConfigFromCidr;
        this.allowed = cidr.isEmpty() ? null : Cidr.parse(cidr);
    }

    Object doConfig(Request request) throws HttpException {
        checkRemote(request);
        String opt = request.param("opt");
        if (request.method().equals("PUT")) {
            put(opt, request.body());
        }
        return admin.configValue(opt).orElseThrow(() -> new HttpException(400, "INVALID_OPTION"));
    }

    private void put(String opt, byte[] body) throws HttpException {
        if (body.length == 0 || body.length > MAX_BODY) {
            throw new HttpException(413, "INVALID_VALUE");
        }
        switch (opt) {
            case "nsqlookupd_http_addresses" -> admin.setLookupdHttpAddresses(ConfigValues.stringArray(body));
            case "log_level" -> {
                try {
                    admin.setLogLevel(new String(body, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new HttpException(400, "INVALID_VALUE");
                }
            }
            default -> throw new HttpException(400, "INVALID_OPTION");
        }
    }

    private void checkRemote(Request request) throws HttpException {
        if (allowed == null) {
            return;
        }
        InetSocketAddress remote = request.peer().remote();
        if (remote == null || remote.getAddress() == null) {
            throw new HttpException(400, "INVALID_REMOTE_ADDR");
        }
        if (!allowed.contains(remote.getAddress())) {
            throw new HttpException(403, "FORBIDDEN");
        }
    }
}
