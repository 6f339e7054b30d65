package io.jnsq.apps.tools;

import io.jnsq.client.Config;
import io.jnsq.common.Version;
import java.util.List;

/** The client configuration of NSQ's tools: go-nsq's defaults, then the tool's options, then its user agent. */
public final class ToolConfig {
    /** The go-nsq release NSQ 1.3's tools are built with, and whose behaviour jnsq-client follows. */
    public static final String GO_NSQ_VERSION = "1.1.0";

    private ToolConfig() {
    }

    /** What NSQ's tools send as IDENTIFY's {@code user_agent}: {@code nsq_tail/1.3.0 go-nsq/1.1.0}. */
    public static String userAgent(String app) {
        return app + "/" + Version.NSQ + " go-nsq/" + GO_NSQ_VERSION;
    }

    /**
     * go-nsq's defaults with {@code --consumer-opt} or {@code --producer-opt} applied in order, then the tool's user
     * agent, which NSQ's tools set after reading the flags (so an option cannot change it). The tool sets what else
     * it decides ({@code max_in_flight}) and builds it.
     */
    public static Config.Builder builder(String app, List<ConfigFlag> options) {
        Config.Builder builder = Config.builder();
        for (ConfigFlag option : options) {
            option.applyTo(builder);
        }
        return builder.userAgent(userAgent(app));
    }
}
