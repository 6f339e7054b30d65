package io.jnsq.nsqd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jnsq.common.json.Json;
import io.jnsq.nsqd.SmallFileSystem;
import io.jnsq.protocol.Frame;
import io.jnsq.protocol.FrameType;
import io.jnsq.protocol.HostPort;
import io.jnsq.protocol.Message;
import io.jnsq.testwire.Await;
import io.jnsq.testwire.TestHttp;
import io.jnsq.testwire.WireClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A full disk under {@code --mem-queue-size=0}: PUBs are refused with {@code E_PUB_FAILED} (over HTTP with NSQ's
 * {@code 503 EXITING}) and nsqd is unhealthy, nothing acknowledged is lost, and once a consumer has drained the
 * channel publishing resumes by itself.
 */
class FullDiskTest extends ProtocolV2TestBase {
    private static final int BODY_SIZE = 4096;

    private static byte[] body(int i) {
        byte[] body = new byte[BODY_SIZE];
        byte[] tag = ("m" + i + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, body, 0, tag.length);
        return body;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void publishingResumesByItselfOnceConsumersDrainAFullDisk() throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mount(dataDir, "4m")) {
            options.memQueueSize = 0;
            options.httpAddress = "127.0.0.1:0";
            WireClient consumer = subscribe("full", "c");

            WireClient publisher = connect();
            int acknowledged = 0;
            String refusal;
            while (true) {
                Frame answer = publisher.pub("full", body(acknowledged)).readFrameSkippingHeartbeats();
                if (answer.type() == FrameType.ERROR) {
                    refusal = answer.text();
                    break;
                }
                assertThat(answer.text()).isEqualTo("OK");
                acknowledged++;
                assertThat(acknowledged).as("a 4 MiB file system fills").isLessThan(2000);
            }
            assertThat(refusal).startsWith("E_PUB_FAILED PUB failed ").contains("No space left on device");
            publisher.assertClosed(CLOSE_WITHIN);
            assertThat(nsqd().broker().health()).startsWith("NOK - ").contains("No space left on device");
            // over HTTP, NSQ's answer to any refused put, and /ping says why
            String http = HostPort.format(nsqd().httpAddress());
            HttpResponse<String> pub = TestHttp.post(http, "/pub?topic=full", new String(body(-1),
                    StandardCharsets.ISO_8859_1));
            assertThat(pub.statusCode()).isEqualTo(503);
            assertThat(pub.body()).isEqualTo("{\"message\":\"EXITING\"}");
            HttpResponse<String> ping = TestHttp.get(http, "/ping");
            assertThat(ping.statusCode()).isEqualTo(500);
            assertThat(ping.body()).startsWith("NOK - ").contains("No space left on device");

            consumer.rdy(100);
            Set<String> received = new HashSet<>();
            for (int i = 0; i < acknowledged; i++) {
                Message m = consumer.readMessage();
                received.add(m.bodyText().substring(0, m.bodyText().indexOf(' ')));
                consumer.fin(m.id());
            }
            assertThat(received).hasSize(acknowledged);
            Await.until(EVENTUALLY, () -> channel("full", "c").depth() == 0
                    && channel("full", "c").inFlightCount() == 0, "the channel drained");

            WireClient again = connect();
            again.pub("full", body(acknowledged)).expectOk();
            assertThat(nsqd().broker().health()).isEqualTo("OK");
            assertThat(TestHttp.get(http, "/ping").body()).isEqualTo("OK");
            assertThat(consumer.readMessage().bodyText()).startsWith("m" + acknowledged + " ");

            assertThat(Json.mapper().readTree(Files.readString(dataDir.resolve("nsqd.dat")))
                    .path("topics").get(0).path("name").asText()).isEqualTo("full");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void publishingResumesByItselfWhenTheOperatorFreesSpaceElsewhere() throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mount(dataDir, "4m")) {
            options.memQueueSize = 0;
            WireClient consumer = subscribe("full", "c");
            Path ballast = dataDir.resolve("ballast");
            try (var out = Files.newOutputStream(ballast)) {
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < 4 * 16; i++) {
                    out.write(block);
                }
            } catch (IOException full) {
                // the ballast takes whatever space there is
            }

            WireClient publisher = connect();
            int acknowledged = 0;
            Frame answer;
            while ((answer = publisher.pub("full", body(acknowledged)).readFrameSkippingHeartbeats()).type()
                    != FrameType.ERROR) {
                acknowledged++;
                assertThat(acknowledged).as("the ballast leaves little room").isLessThan(1000);
            }
            assertThat(answer.text()).startsWith("E_PUB_FAILED");
            assertThat(nsqd().broker().health()).startsWith("NOK - ");

            Files.delete(ballast);

            connect().pub("full", body(acknowledged)).expectOk();
            assertThat(nsqd().broker().health()).isEqualTo("OK");
            consumer.rdy(acknowledged + 1);
            Set<String> received = new HashSet<>();
            for (int i = 0; i <= acknowledged; i++) {
                Message m = consumer.readMessage();
                received.add(m.bodyText().substring(0, m.bodyText().indexOf(' ')));
            }
            assertThat(received).hasSize(acknowledged + 1).contains("m" + acknowledged);
        }
    }
}
