package dev.assay.core.alert;

import static dev.assay.core.alert.TestSupport.T0;
import static dev.assay.core.alert.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpChannelsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Backoff FAST_RETRIES = new Backoff(4, Duration.ofMillis(10), 2.0, Duration.ofMillis(100), 0.5);
    static final ObjectMapper JSON = new ObjectMapper();

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AlertManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) manager.close(Duration.ofSeconds(2));
    }

    private static Alert sample(Severity severity) {
        return new Alert("a-1", T0, severity, "ranker-v7", "p99 latency above 250 ms", "p99 was 312 ms <b>now</b>",
                "ranker/latency", Map.of("env", "prod", "region", "eu-west"));
    }

    private AlertManager single(String name, AlertChannel channel, Backoff backoff) {
        return AlertManager.builder(registry).seed(1)
                .channel(name, channel, ChannelPolicy.defaults().withBackoff(backoff)).build();
    }

    private static JsonNode only(Receiver r) throws Exception {
        assertThat(r.requests()).hasSize(1);
        Receiver.Request req = r.requests().getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.contentType()).isEqualTo("application/json");
        return JSON.readTree(req.body());
    }

    @Test
    void webhook_postsTheAlertAsJson() throws Exception {
        try (Receiver r = Receiver.ok()) {
            manager = single("hook", AlertChannel.webhook(r.uri("/hook"), TIMEOUT), FAST_RETRIES);
            manager.fire(sample(Severity.ERROR));
            await("delivery", () -> manager.stats().delivered() == 1);
            JsonNode n = only(r);
            assertThat(r.requests().getFirst().path()).isEqualTo("/hook");
            assertThat(n.get("id").asText()).isEqualTo("a-1");
            assertThat(n.get("time").asText()).isEqualTo("2025-06-01T12:00:00Z");
            assertThat(n.get("severity").asText()).isEqualTo("ERROR");
            assertThat(n.get("source").asText()).isEqualTo("ranker-v7");
            assertThat(n.get("title").asText()).isEqualTo("p99 latency above 250 ms");
            assertThat(n.get("detail").asText()).isEqualTo("p99 was 312 ms <b>now</b>");
            assertThat(n.get("dedupKey").asText()).isEqualTo("ranker/latency");
            assertThat(n.get("labels").get("region").asText()).isEqualTo("eu-west");
        }
    }

    @Test
    void slack_postsTextAndBlocks() throws Exception {
        try (Receiver r = Receiver.ok()) {
            manager = single("slack", AlertChannel.slack(r.uri("/services/T0/B0/secret"), TIMEOUT), FAST_RETRIES);
            manager.fire(sample(Severity.CRITICAL));
            await("delivery", () -> manager.stats().delivered() == 1);
            JsonNode n = only(r);
            assertThat(n.get("text").asText()).isEqualTo("[CRITICAL] p99 latency above 250 ms");
            JsonNode blocks = n.get("blocks");
            assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
            assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
            assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("CRITICAL: p99 latency above 250 ms");
            assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
            assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
            assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("p99 was 312 ms &lt;b&gt;now&lt;/b&gt;");
            assertThat(blocks.get(2).get("fields")).hasSize(2);
            assertThat(blocks.get(2).get("fields").get(0).get("text").asText()).isEqualTo("*env*\nprod");
            assertThat(blocks.get(3).get("type").asText()).isEqualTo("context");
        }
    }

    @Test
    void pagerDuty_postsAnEventsV2Trigger() throws Exception {
        try (Receiver r = Receiver.ok()) {
            manager = single("pd", AlertChannel.pagerDuty("R0UTINGKEY", r.uri("/v2/enqueue"), TIMEOUT), FAST_RETRIES);
            manager.fire(sample(Severity.EMERGENCY));
            await("delivery", () -> manager.stats().delivered() == 1);
            JsonNode n = only(r);
            assertThat(n.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
            assertThat(n.get("event_action").asText()).isEqualTo("trigger");
            assertThat(n.get("dedup_key").asText()).isEqualTo("ranker/latency");
            JsonNode p = n.get("payload");
            assertThat(p.get("summary").asText()).isEqualTo("p99 latency above 250 ms");
            assertThat(p.get("source").asText()).isEqualTo("ranker-v7");
            assertThat(p.get("severity").asText()).isEqualTo("critical");
            assertThat(p.get("timestamp").asText()).isEqualTo("2025-06-01T12:00:00Z");
            assertThat(p.get("custom_details").get("alert_id").asText()).isEqualTo("a-1");
            assertThat(p.get("custom_details").get("labels").get("env").asText()).isEqualTo("prod");
        }
    }

    @Test
    void pagerDuty_defaultsToTheDocumentedEndpoint() {
        assertThat(AlertChannel.PAGERDUTY_EVENTS_V2).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
        assertThatThrownBy(() -> AlertChannel.pagerDuty(" ", TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReceiverFailingThenRecovering_getsTheAlertAfterRetries() throws Exception {
        try (Receiver r = Receiver.failingFirst(2, 500, 202)) {
            manager = single("hook", AlertChannel.webhook(r.uri("/"), TIMEOUT), FAST_RETRIES);
            assertThat(manager.fire(sample(Severity.ERROR))).isEqualTo(Admission.QUEUED);
            await("delivery", () -> manager.stats().delivered() == 1);
            assertThat(r.requests()).hasSize(3);
            assertThat(manager.stats().retries()).isEqualTo(2);
            assertThat(manager.stats().failed()).isZero();
            assertThat(registry.get("assay.alerts.retries").tag("channel", "hook").counter().count()).isEqualTo(2.0);
        }
    }

    @Test
    void aReceiverThatNeverRecovers_failsAfterTheLastAttemptAndLogsTheId() throws Exception {
        try (Receiver r = Receiver.failingFirst(Integer.MAX_VALUE, 503, 200);
             TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            manager = single("hook", AlertChannel.webhook(r.uri("/services/secret-token"), TIMEOUT), FAST_RETRIES);
            manager.fire(sample(Severity.ERROR));
            await("failure", () -> manager.stats().failed() == 1);
            assertThat(r.requests()).hasSize(FAST_RETRIES.maxAttempts());
            assertThat(manager.stats().retries()).isEqualTo(FAST_RETRIES.maxAttempts() - 1);
            assertThat(registry.get("assay.alerts").tag("outcome", "failed").tag("severity", "error").counter().count())
                    .isEqualTo(1.0);
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.ERROR).extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).contains("alert a-1").contains("HTTP 503").doesNotContain("secret-token"));
        }
    }

    @Test
    void aClientError_isNotRetried() throws Exception {
        try (Receiver r = Receiver.failingFirst(Integer.MAX_VALUE, 400, 200)) {
            manager = single("hook", AlertChannel.webhook(r.uri("/"), TIMEOUT), FAST_RETRIES);
            manager.fire(sample(Severity.ERROR));
            await("failure", () -> manager.stats().failed() == 1);
            assertThat(r.requests()).hasSize(1);
            assertThat(manager.stats().retries()).isZero();
        }
    }

    @Test
    void aReceiverThatNeverAnswers_blocksNeitherTheCallerNorOtherChannels() throws Exception {
        try (Receiver slow = Receiver.hanging(); Receiver fast = Receiver.ok()) {
            // The slow channel needs at least 3 alerts x 2 attempts x 400 ms to give up on everything.
            Backoff twoTries = new Backoff(2, Duration.ofMillis(20), 2.0, Duration.ofMillis(20), 0);
            manager = AlertManager.builder(registry).seed(3)
                    .channel("slow", AlertChannel.webhook(slow.uri("/"), Duration.ofMillis(400)),
                            ChannelPolicy.defaults().withBackoff(twoTries))
                    .channel("fast", AlertChannel.slack(fast.uri("/"), TIMEOUT))
                    .build();
            for (int i = 0; i < 3; i++) {
                Alert a = new Alert("h" + i, T0, Severity.CRITICAL, "test", "t" + i, "d", "k" + i, Map.of());
                assertThat(manager.fire(a)).isEqualTo(Admission.QUEUED);
            }
            await("fast channel got all three", () -> fast.requests().size() == 3);
            assertThat(manager.stats("slow").failed()).as("slow channel still busy when fast one finished").isLessThan(3);
            await("slow receiver holds a request", () -> !slow.requests().isEmpty());
            assertThat(manager.stats("slow").delivered()).isZero();
            await("slow channel gave up on all three", () -> manager.stats("slow").failed() == 3);
            assertThat(manager.stats("slow").retries()).isEqualTo(3);
            assertThat(slow.requests()).hasSize(6);
            assertThat(manager.stats("fast").delivered()).isEqualTo(3);
        }
    }

    @Test
    void httpChannels_rejectNonHttpUrls() {
        assertThatThrownBy(() -> AlertChannel.webhook(URI.create("file:///etc/passwd"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }
}
