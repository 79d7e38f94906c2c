package dev.assay.fingerprint.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.time.ManualClock;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.signature.Signature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint.drift monitor on its own: windows, verdicts with evidence, alerts, exact resume, refused definitions. */
class FingerprintMonitorTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int PROMPTS = 10;
    static final ObjectMapper JSON = new ObjectMapper();
    static Signature reference;

    @TempDir
    Path dir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Alert> delivered = new CopyOnWriteArrayList<>();
    final ManualClock clock = new ManualClock(T0);
    final AlertManager alerts = AlertManager.builder(meters).clock(clock).channel("recorder", delivered::add).build();

    @BeforeAll
    static void buildReference() {
        reference = Synthetic.referenceA(PROMPTS, 6);
    }

    @AfterEach
    void closeAlerts() {
        alerts.close(Duration.ofSeconds(5));
    }

    static MonitorDefinition definition() {
        return new MonitorDefinition("chat-prod", reference.digest(), reference.config().hash(), WINDOW, Synthetic.DRIFT, 16);
    }

    /** The models answering in window {@code w}: A for the first four, then B. */
    static String modelOf(int w) {
        return w < 4 ? "a" : "b";
    }

    static List<JsonNode> windowObservations(int w) {
        List<JsonNode> out = new ArrayList<>();
        Instant start = T0.plus(WINDOW.multipliedBy(w));
        var responses = Synthetic.round(modelOf(w), PROMPTS, w);
        for (int i = 0; i < responses.size(); i++) out.add(FingerprintMonitorKind.observation(start.plusSeconds(i), responses.get(i)));
        return out;
    }

    /** Feeds and closes windows {@code from} to {@code to - 1}, returning their payloads (observations of window w+1 arrive before w closes). */
    static List<JsonNode> run(FingerprintMonitor m, ManualClock clock, int from, int to, List<Runnable> after) {
        List<JsonNode> out = new ArrayList<>();
        for (int w = from; w < to; w++) {
            if (w == from) windowObservations(w).forEach(m::observe);
            windowObservations(w + 1).subList(0, 3).forEach(m::observe); // early arrivals of the next window
            clock.set(T0.plus(WINDOW.multipliedBy(w + 1)));
            var closed = m.closeNext().orElseThrow();
            out.add(closed.payload().orElseThrow());
            after.add(closed.afterCommit());
            assertThat(m.closeNext()).isEmpty();
            windowObservations(w + 1).subList(3, PROMPTS).forEach(m::observe);
        }
        return out;
    }

    @Test
    void windowsOfTheReferenceModelDoNotAlarm_andTheFirstWindowsOfAnotherDo_withEvidenceAndAnAlert() {
        FingerprintMonitor m = FingerprintMonitor.start(definition(), reference, clock, alerts, meters, T0);
        List<Runnable> after = new ArrayList<>();
        List<JsonNode> windows = run(m, clock, 0, 7, after);
        after.forEach(Runnable::run);
        for (int w = 0; w < 4; w++) {
            assertThat(windows.get(w).get("alarm").asBoolean()).as("window %d under model A", w).isFalse();
            assertThat(windows.get(w).has("type")).isFalse();
        }
        List<JsonNode> alarmed = windows.subList(4, 7).stream().filter(p -> p.get("alarm").asBoolean()).toList();
        assertThat(alarmed).as("windows under model B").isNotEmpty();
        JsonNode first = alarmed.getFirst();
        assertThat(first.get("model").asText()).isEqualTo("chat-prod");
        assertThat(first.get("referenceDigest").asText()).isEqualTo(reference.digest());
        assertThat(first.get("encoderConfigHash").asText()).isEqualTo(reference.config().hash());
        assertThat(first.get("maxStatistic").asDouble()).isGreaterThan(first.get("threshold").asDouble());
        assertThat(first.get("calibration").get("scores").asInt()).isEqualTo(reference.sample().size());
        assertThat(first.get("seed").asLong()).isEqualTo(Synthetic.DRIFT.seed());
        assertThat(first.get("type").asText()).isNotBlank();
        assertThat(first.get("reason").asText()).isNotBlank();
        assertThat(first.get("evidence").size()).isPositive();
        assertThat(first.get("responses").asInt()).isEqualTo(PROMPTS);
        // the live signature of the model moved away from the reference
        assertThat(windows.get(6).get("live").get("similarityToReference").asDouble())
                .isLessThan(windows.get(3).get("live").get("similarityToReference").asDouble());
        alerts.close(Duration.ofSeconds(5));
        assertThat(delivered).isNotEmpty();
        Alert a = delivered.getFirst();
        assertThat(a.dedupKey()).isEqualTo("fingerprint.monitor/chat-prod/drift");
        assertThat(a.labels()).containsEntry("model", "chat-prod");
        assertThat(a.detail()).contains("drifted from reference model-a");
        assertThat(m.alarmedWindows()).isEqualTo(alarmed.size());
    }

    @Test
    void aSnapshotTakenAfterAnyWindowResumesExactly() throws Exception {
        ManualClock c0 = new ManualClock(T0);
        List<JsonNode> straight = run(FingerprintMonitor.start(definition(), reference, c0, alerts, meters, T0), c0, 0, 7, new ArrayList<>());
        for (int split = 1; split < 7; split++) {
            ManualClock c = new ManualClock(T0);
            FingerprintMonitor first = FingerprintMonitor.start(definition(), reference, c, alerts, meters, T0);
            List<JsonNode> payloads = new ArrayList<>(run(first, c, 0, split, new ArrayList<>()));
            String stored = first.snapshot().toString(); // as the store keeps it
            FingerprintMonitor resumed = FingerprintMonitor.resume(definition(), reference, c, alerts, meters, JSON.readTree(stored));
            assertThat(resumed.snapshot().toString()).isEqualTo(stored);
            payloads.addAll(runContinuing(resumed, c, split, 7));
            assertThat(payloads).as("resumed after window %d", split).isEqualTo(straight);
        }
    }

    /** As {@link #run}, continuing a monitor that already holds the start of window {@code from}. */
    static List<JsonNode> runContinuing(FingerprintMonitor m, ManualClock clock, int from, int to) {
        List<JsonNode> out = new ArrayList<>();
        for (int w = from; w < to; w++) {
            windowObservations(w + 1).subList(0, 3).forEach(m::observe);
            clock.set(T0.plus(WINDOW.multipliedBy(w + 1)));
            out.add(m.closeNext().orElseThrow().payload().orElseThrow());
            windowObservations(w + 1).subList(3, PROMPTS).forEach(m::observe);
        }
        return out;
    }

    @Test
    void idleWindowsAreNotRecordedButCountedInTheNext_andLateObservationsAreRefused() {
        FingerprintMonitor m = FingerprintMonitor.start(definition(), reference, clock, alerts, meters, T0);
        clock.set(T0.plus(WINDOW.multipliedBy(3)));
        for (int w = 0; w < 3; w++) assertThat(m.closeNext().orElseThrow().payload()).isEmpty();
        assertThat(m.closedUntil()).isEqualTo(T0.plus(WINDOW.multipliedBy(3)));
        assertThat(m.observe(windowObservations(1).getFirst())).isFalse();
        windowObservations(3).forEach(o -> assertThat(m.observe(o)).isTrue());
        clock.set(T0.plus(WINDOW.multipliedBy(4)));
        JsonNode p = m.closeNext().orElseThrow().payload().orElseThrow();
        assertThat(p.get("idleWindowsBefore").asInt()).isEqualTo(3);
        assertThat(p.get("start").asText()).isEqualTo(T0.plus(WINDOW.multipliedBy(3)).toString());
    }

    @Test
    void theKindRefusesAMissingReference_aDisagreeingEncoderConfig_andUnknownFields() {
        ReferenceStore store = new ReferenceStore(dir.resolve("sigs"));
        FingerprintMonitorKind kind = new FingerprintMonitorKind(store, alerts, meters);
        ObjectNode def = definition().toJson();
        assertThatThrownBy(() -> kind.validate(def)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reference signature " + reference.digest() + " is not stored");
        assertThat(store.put(reference)).isEqualTo(reference.digest());
        kind.validate(def);
        ObjectNode wrongHash = def.deepCopy();
        ((ObjectNode) wrongHash.get("reference")).put("encoderConfigHash", EncoderConfig.of(2048, "assay").hash());
        assertThatThrownBy(() -> kind.validate(wrongHash)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("encoderConfigHash").hasMessageContaining("dimension 1024");
        ObjectNode extra = def.deepCopy().put("threshold", 3);
        assertThatThrownBy(() -> kind.validate(extra)).isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown field 'threshold'");
        ObjectNode badDigest = def.deepCopy();
        ((ObjectNode) badDigest.get("reference")).put("digest", "abc");
        assertThatThrownBy(() -> kind.validate(badDigest)).isInstanceOf(InvalidInputException.class).hasMessageContaining("64 lower-case hex");
        ObjectNode badWindow = def.deepCopy().put("window", "5 minutes");
        assertThatThrownBy(() -> kind.validate(badWindow)).isInstanceOf(InvalidInputException.class).hasMessageContaining("'window'");
        assertThat(MonitorDefinition.fromJson(def)).isEqualTo(definition());
        Signature small = Synthetic.referenceA(5, 2); // 10 sampled responses
        store.put(small);
        ObjectNode tooSmall = new MonitorDefinition("m", small.digest(), small.config().hash(), WINDOW, Synthetic.DRIFT, 4).toJson();
        assertThatThrownBy(() -> kind.validate(tooSmall)).isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 30");
    }

    @Test
    void aStoredReferenceWhoseFileChangedIsRefused() throws Exception {
        new ReferenceStore(dir).put(reference);
        Path file = dir.resolve(reference.digest() + ".asfp");
        Signature other = Synthetic.referenceA(PROMPTS, 5);
        java.nio.file.Files.write(file, other.toBytes());
        assertThatThrownBy(() -> new ReferenceStore(dir).get(reference.digest())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has digest " + other.digest());
    }

    @Test
    void observationsMustBeTimedResponseRecords() {
        FingerprintMonitorKind kind = new FingerprintMonitorKind(new ReferenceStore(dir), alerts, meters);
        JsonNode ok = windowObservations(0).getFirst();
        assertThat(kind.timeOf(ok)).isEqualTo(T0);
        ObjectNode untimed = (ObjectNode) ok.deepCopy();
        untimed.remove("time");
        assertThatThrownBy(() -> kind.timeOf(untimed)).isInstanceOf(InvalidInputException.class).hasMessageContaining("'time'");
        ObjectNode noId = (ObjectNode) ok.deepCopy();
        noId.remove("prompt_id");
        assertThatThrownBy(() -> kind.timeOf(noId)).isInstanceOf(InvalidInputException.class).hasMessageContaining("prompt_id");
        ObjectNode badTime = ((ObjectNode) ok.deepCopy()).put("time", "yesterday");
        assertThatThrownBy(() -> kind.timeOf(badTime)).isInstanceOf(InvalidInputException.class).hasMessageContaining("ISO-8601");
    }
}
