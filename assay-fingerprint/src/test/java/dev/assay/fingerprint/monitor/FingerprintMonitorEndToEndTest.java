package dev.assay.fingerprint.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.core.time.ManualClock;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ReplayServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous monitoring end to end: a local endpoint replaying recorded completions answers as model A, then as model
 * B; a prober asks it the probe set every minute of a manual clock and submits the answers through the stored
 * monitors; the scheduler closes each window, records its verdict in the ledger and alerts on an alarm.
 */
class FingerprintMonitorEndToEndTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final int ROUNDS_A = 4;
    static final int ROUNDS_B = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void syntheticModels_theSwitchAlarmsAndIsRecordedAndAlerted() {
        int prompts = 10;
        Signature reference = Synthetic.referenceA(prompts, 6);
        List<Prober.Probe> probes = new ArrayList<>();
        List<ReplayServer.Recording> a = new ArrayList<>();
        List<ReplayServer.Recording> b = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            probes.add(new Prober.Probe("p" + i, Synthetic.prompt(i)));
            for (int k = 0; k < ROUNDS_A; k++) a.add(ReplayServer.Recording.ofText(Synthetic.prompt(i), "model-a", Synthetic.answer("a", i, k)));
            for (int k = 0; k < ROUNDS_B; k++) b.add(ReplayServer.Recording.ofText(Synthetic.prompt(i), "model-b", Synthetic.answer("b", i, k)));
        }
        Outcome o = run(reference, Synthetic.DRIFT, probes, a, b);
        o.assertSwitchDetected();
        assertThat(o.models.subList(0, ROUNDS_A)).allMatch(m -> m.equals("model-a"));
    }

    @Test
    void agentDojoResponses_aSwitchOfModelBehindTheEndpointAlarms() {
        Path data = TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses");
        List<Response> a = ResponseLog.readAll(data.resolve("claude-3-5-sonnet-20240620.jsonl"), ResponseLog.Options.SKIP_BAD_LINES);
        List<Response> b = ResponseLog.readAll(data.resolve("command-r.jsonl"), ResponseLog.Options.SKIP_BAD_LINES);
        Map<String, Response> bByPrompt = b.stream().filter(r -> r.prompt() != null)
                .collect(Collectors.toMap(Response::prompt, r -> r, (x, y) -> x, LinkedHashMap::new));
        // probes: the first 10 distinct prompts both models answered; the reference: A's answers to every other prompt
        Map<String, Response> probeAnswersA = new LinkedHashMap<>();
        for (Response r : a) {
            if (r.prompt() != null && bByPrompt.containsKey(r.prompt()) && probeAnswersA.size() < 10) probeAnswersA.putIfAbsent(r.prompt(), r);
        }
        EncoderConfig config = EncoderConfig.of(4096, "assay");
        ResponseEncoder enc = new ResponseEncoder(config);
        Signature.Builder ref = Signature.builder(config, "claude-3-5-sonnet-20240620");
        int added = 0;
        for (Response r : a) {
            if (r.prompt() == null || probeAnswersA.containsKey(r.prompt()) || added >= 400) continue;
            ref.add(enc.encode(r));
            added++;
        }
        List<Prober.Probe> probes = new ArrayList<>();
        List<ReplayServer.Recording> recA = new ArrayList<>();
        List<ReplayServer.Recording> recB = new ArrayList<>();
        int i = 0;
        for (var e : probeAnswersA.entrySet()) {
            probes.add(new Prober.Probe("probe-" + i++, e.getKey()));
            recA.add(ReplayServer.Recording.ofText(e.getKey(), e.getValue().model(), e.getValue().text()));
            Response rb = bByPrompt.get(e.getKey());
            recB.add(ReplayServer.Recording.ofText(e.getKey(), rb.model(), rb.text()));
        }
        assertThat(probes).hasSize(10);
        Outcome o = run(ref.build(), new DriftConfig(10, 2000, 1, 1.0, 100), probes, recA, recB);
        o.assertSwitchDetected();
    }

    /** What the run left: the window entries in order, the alerts delivered, the model each round's first answer named. */
    record Outcome(List<JsonNode> windows, List<Alert> alerts, List<String> models) {
        void assertSwitchDetected() {
            assertThat(windows).hasSize(ROUNDS_A + ROUNDS_B);
            for (int w = 0; w < ROUNDS_A; w++)
                assertThat(windows.get(w).get("alarm").asBoolean()).as("window %d under model A: %s", w, windows.get(w)).isFalse();
            List<JsonNode> alarmed = windows.subList(ROUNDS_A, ROUNDS_A + ROUNDS_B).stream().filter(p -> p.get("alarm").asBoolean()).toList();
            assertThat(alarmed).as("windows under model B").isNotEmpty();
            assertThat(alarmed.getFirst().get("type").asText()).isNotBlank();
            assertThat(alarmed.getFirst().get("maxStatistic").asDouble()).isGreaterThan(alarmed.getFirst().get("threshold").asDouble());
            assertThat(alerts).isNotEmpty();
            assertThat(alerts.getFirst().labels()).containsEntry("model", "chat-prod");
            assertThat(alerts.getFirst().dedupKey()).isEqualTo("fingerprint.monitor/chat-prod/drift");
        }
    }

    private Outcome run(Signature reference, DriftConfig drift, List<Prober.Probe> probes, List<ReplayServer.Recording> a,
                        List<ReplayServer.Recording> b) {
        ManualClock clock = new ManualClock(T0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Alert> delivered = new CopyOnWriteArrayList<>();
        List<String> models = new ArrayList<>();
        String id = FingerprintMonitorKind.id("chat-prod");
        try (Store store = Store.sqlite(dir.resolve("assay.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
             ReplayServer server = ReplayServer.start(a);
             ChatClient client = ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(2, Duration.ofMillis(1), Duration.ofMillis(2))
                     .withRateLimit(1000, Duration.ofSeconds(5)))) { // 80 probes, over the default 50 a minute
            AlertManager alerts = AlertManager.builder(meters).clock(clock).channel("recorder", delivered::add).build();
            ReferenceStore references = ReferenceStore.inDataDir(dir);
            FingerprintMonitorKind kind = new FingerprintMonitorKind(references, alerts, meters);
            Monitors monitors = Monitors.open(store, clock, List.of(kind));
            String digest = references.put(reference);
            monitors.define(id, FingerprintMonitorKind.NAME,
                    new MonitorDefinition("chat-prod", digest, reference.config().hash(), MINUTE, drift, 32).toJson());
            Prober prober = new Prober(client, "the-endpoint-model", probes, monitors, id, clock);
            try (MonitorScheduler scheduler = MonitorScheduler.create(store, monitors, ledger, clock, "instance-1", Duration.ofSeconds(15))) {
                for (int round = 0; round < ROUNDS_A + ROUNDS_B; round++) {
                    if (round == ROUNDS_A) server.replay(b);
                    clock.set(T0.plus(MINUTE.multipliedBy(round)).plusSeconds(10));
                    Prober.Round r = prober.round();
                    assertThat(r.failures()).isEmpty();
                    assertThat(r.answered()).isEqualTo(probes.size());
                    models.add(monitors.pending(id, 0, 100_000).getLast().observation().get("model").asText());
                    clock.set(T0.plus(MINUTE.multipliedBy(round + 1)));
                    scheduler.tick();
                }
            }
            alerts.close(Duration.ofSeconds(5));
            List<JsonNode> windows = new ArrayList<>();
            for (LedgerEntry e : ledger.page(0, 10_000)) {
                if (!e.kind().equals(FingerprintMonitorKind.WINDOW_KIND)) continue;
                assertThat(e.subject()).isEqualTo("chat-prod");
                windows.add(readTree(e.payload()));
            }
            assertThat(monitors.get(id).orElseThrow().pending()).isZero();
            return new Outcome(windows, List.copyOf(delivered), models);
        }
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
