package io.jnsq.apps.tools;

import io.jnsq.apps.cli.CommandLineExit;
import io.jnsq.apps.cli.CommandLineExit.Kind;
import io.jnsq.client.Consumer;
import java.util.List;

/**
 * Where a tool's consumers find their nsqd: {@code --nsqd-tcp-address} directly or {@code --lookupd-http-address}
 * for discovery, both repeatable, exactly one of the two, as every consuming tool of NSQ checks.
 *
 * @param nsqdTcpAddresses nsqd TCP addresses, {@code host:port}
 * @param lookupdHttpAddresses nsqlookupd HTTP addresses, {@code host:port} or a URL
 */
public record ConsumerSources(List<String> nsqdTcpAddresses, List<String> lookupdHttpAddresses) {
    /** NSQ's text when neither is given ({@code nsq_to_file} ends it with a period). */
    public static final String REQUIRED = "--nsqd-tcp-address or --lookupd-http-address required";
    /** NSQ's text when both are given. */
    public static final String NOT_BOTH = "use --nsqd-tcp-address or --lookupd-http-address not both";

    /**
     * Checks that exactly one kind of address is given.
     *
     * @param required the text when neither is: {@link #REQUIRED}, or the tool's own wording of it
     * @throws CommandLineExit {@link Kind#FATAL} with NSQ's text
     */
    public void check(String required) throws CommandLineExit {
        if (nsqdTcpAddresses.isEmpty() && lookupdHttpAddresses.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, required);
        }
        if (!nsqdTcpAddresses.isEmpty() && !lookupdHttpAddresses.isEmpty()) {
            throw new CommandLineExit(Kind.FATAL, NOT_BOTH);
        }
    }

    /**
     * Subscribes the consumer through every nsqd (returning once each has answered SUB), or starts discovery
     * through every nsqlookupd, as go-nsq's {@code ConnectToNSQDs} and {@code ConnectToNSQLookupds}.
     *
     * @throws RuntimeException for an nsqd it cannot subscribe on, or a malformed nsqlookupd address
     */
    public void connect(Consumer consumer) {
        for (String address : nsqdTcpAddresses) {
            consumer.connectToNsqd(address);
        }
        for (String address : lookupdHttpAddresses) {
            consumer.connectToNsqlookupd(address);
        }
    }
}
