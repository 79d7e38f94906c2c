package dev.assay.llm.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.ClosedWindow;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.MonitorInstance;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token monitor through the core lifecycle: responses of a model are scored, their perplexities ingested into a
 * stored {@code llm.tokens} monitor, and the scheduler closes each minute's window against the reference. While the
 * model answers like its reference no window drifts; once its answers become less certain, windows drift, are
 * recorded in the ledger and alerted.
 */
class TokenMonitorTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final ObjectMapper JSON = new ObjectMapper();
    static final TokenScorer SCORER = TokenScorer.defaults();

    @TempDir
    Path dir;

    /** A response of 80 tokens whose surprisals are exponential with mean {@code meanSurprisal}. */
    static TokenReport response(Random rnd, double meanSurprisal) {
        List<String> tokens = new ArrayList<>();
        double[] lp = new double[80];
        for (int i = 0; i < lp.length; i++) {
            tokens.add("t" + i);
            lp[i] = meanSurprisal * Math.log(1 - rnd.nextDouble());
        }
        return SCORER.score(TokenScores.of(tokens, lp));
    }

    static double[] reference(long seed, int n) {
        Random rnd = new Random(seed);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = response(rnd, 0.4).perplexity();
        return r;
    }

    @Test
    void aShiftedPerplexityDistributionDrifts_isRecordedAndAlerted_theReferenceDistributionDoesNot() {
        ManualClock clock = new ManualClock(T0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Alert> delivered = new CopyOnWriteArrayList<>();
        String id = TokenMonitorKind.id("chat-prod");
        List<JsonNode> windows = new ArrayList<>();
        try (Store store = Store.sqlite(dir.resolve("assay.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock)) {
            AlertManager alerts = AlertManager.builder(meters).clock(clock).channel("recorder", delivered::add).build();
            Monitors monitors = Monitors.open(store, clock, List.of(new TokenMonitorKind(alerts, meters)));
            monitors.define(id, TokenMonitorKind.NAME, new TokenMonitorDefinition("chat-prod", MINUTE, reference(1, 200), 0.01, 20).toJson());
            Random traffic = new Random(2);
            try (MonitorScheduler scheduler = MonitorScheduler.create(store, monitors, ledger, clock, "instance-1", Duration.ofSeconds(15))) {
                for (int round = 0; round < 8; round++) {
                    double level = round < 4 ? 0.4 : 0.55; // from the fifth minute on, the model is less sure of its tokens
                    clock.set(T0.plus(MINUTE.multipliedBy(round)).plusSeconds(10));
                    List<JsonNode> obs = new ArrayList<>();
                    for (int i = 0; i < 40; i++) obs.add(TokenMonitorKind.observation(clock.instant(), response(traffic, level)));
                    monitors.ingest(id, obs);
                    clock.set(T0.plus(MINUTE.multipliedBy(round + 1)));
                    scheduler.tick();
                }
            }
            alerts.close(Duration.ofSeconds(5));
            for (LedgerEntry e : ledger.page(0, 10_000)) {
                if (!e.kind().equals(TokenMonitorKind.WINDOW_KIND)) continue;
                assertThat(e.subject()).isEqualTo("chat-prod");
                windows.add(JSON.readTree(e.payload()));
            }
            assertThat(monitors.get(id).orElseThrow().pending()).isZero();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(windows).hasSize(8).allMatch(w -> w.get("tested").asBoolean() && w.get("responses").asInt() == 40);
        assertThat(windows.subList(0, 4)).noneMatch(w -> w.get("drift").asBoolean());
        assertThat(windows.subList(4, 8)).allMatch(w -> w.get("drift").asBoolean() && w.get("pValue").asDouble() <= 0.01);
        assertThat(windows.get(4).get("medianPerplexity").asDouble()).isGreaterThan(windows.get(4).get("referenceMedianPerplexity").asDouble());
        assertThat(delivered).hasSize(1); // the four drifted windows share one dedup key
        assertThat(delivered.getFirst().dedupKey()).isEqualTo("llm.tokens/chat-prod/drift");
        assertThat(delivered.getFirst().labels()).containsEntry("model", "chat-prod");
        assertThat(delivered.getFirst().detail()).contains("Kolmogorov-Smirnov").contains("drifted");
        assertThat(meters.counter(TokenMonitor.WINDOWS_METER, "model", "chat-prod", "outcome", "drift").count()).isEqualTo(4);
    }

    @Test
    void aWindowWithTooFewResponsesIsNotTested_idleWindowsAreNotRecorded() {
        ManualClock clock = new ManualClock(T0);
        TokenMonitorDefinition def = new TokenMonitorDefinition("m", MINUTE, reference(3, 50), 0.01, 20);
        MonitorInstance m = new TokenMonitorKind(AlertManager.builder(new SimpleMeterRegistry()).build(), new SimpleMeterRegistry())
                .open(info(def), Optional.empty(), clock);
        Random rnd = new Random(4);
        for (int i = 0; i < 5; i++) assertThat(m.observe(TokenMonitorKind.observation(T0.plusSeconds(5), response(rnd, 2.0)))).isTrue();
        clock.set(T0.plus(MINUTE.multipliedBy(3)));
        ClosedWindow w = m.closeNext().orElseThrow();
        assertThat(w.entry().orElseThrow().payload().get("tested").asBoolean()).isFalse();
        assertThat(w.entry().orElseThrow().payload().get("reason").asText()).isEqualTo("5 responses, fewer than the 20 a window is tested with");
        assertThat(m.closeNext().orElseThrow().entry()).isEmpty();
        assertThat(m.closeNext().orElseThrow().entry()).isEmpty();
        assertThat(m.closeNext()).isEmpty();
        assertThat(m.observe(TokenMonitorKind.observation(T0.plusSeconds(70), 1.5))).as("late").isFalse();
    }

    @Test
    void theSnapshotResumesExactly() {
        ManualClock clock = new ManualClock(T0);
        TokenMonitorDefinition def = new TokenMonitorDefinition("m", MINUTE, reference(5, 60), 0.05, 10);
        TokenMonitorKind kind = new TokenMonitorKind(AlertManager.builder(new SimpleMeterRegistry()).build(), new SimpleMeterRegistry());
        MonitorInstance a = kind.open(info(def), Optional.empty(), clock);
        Random rnd = new Random(6);
        for (int i = 0; i < 30; i++) a.observe(TokenMonitorKind.observation(T0.plusSeconds(i), response(rnd, 0.7)));
        MonitorInstance b = kind.open(info(def), Optional.of(a.snapshot()), clock);
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
        clock.set(T0.plus(MINUTE));
        assertThat(b.closeNext().orElseThrow().entry().orElseThrow().payload()).isEqualTo(a.closeNext().orElseThrow().entry().orElseThrow().payload());
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
    }

    @Test
    void badDefinitionsAndObservationsAreRefusedByName() {
        TokenMonitorKind kind = new TokenMonitorKind(AlertManager.builder(new SimpleMeterRegistry()).build(), new SimpleMeterRegistry());
        var good = new TokenMonitorDefinition("m", MINUTE, reference(7, 30), 0.01, 20).toJson();
        kind.validate(good);
        assertThat(TokenMonitorDefinition.fromJson(good)).isEqualTo(new TokenMonitorDefinition("m", MINUTE, reference(7, 30), 0.01, 20));
        assertThatThrownBy(() -> kind.validate(good.deepCopy().put("alpha", 0.7))).isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> kind.validate(good.deepCopy().put("colour", 1))).isInstanceOf(InvalidInputException.class).hasMessageContaining("colour");
        var shortRef = good.deepCopy();
        shortRef.putArray("reference").add(1.2);
        assertThatThrownBy(() -> kind.validate(shortRef)).isInstanceOf(InvalidInputException.class).hasMessageContaining("reference must hold 20");
        assertThatThrownBy(() -> kind.timeOf(JSON.createObjectNode().put("time", T0.toString()))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'perplexity'");
        assertThatThrownBy(() -> kind.timeOf(JSON.createObjectNode().put("time", T0.toString()).put("perplexity", 0.5)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> kind.timeOf(JSON.createObjectNode().put("perplexity", 1.5))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'time'");
    }

    private static MonitorInfo info(TokenMonitorDefinition def) {
        return new MonitorInfo(TokenMonitorKind.id(def.model()), TokenMonitorKind.NAME, def.toJson(), MonitorInfo.Status.ACTIVE, T0, T0,
                Optional.empty(), 0, 0, T0);
    }
}
