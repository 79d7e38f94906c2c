package dev.assay.fingerprint.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.JsonNumbers;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.Severity;
import dev.assay.core.monitor.ClosedWindow;
import dev.assay.fingerprint.drift.DriftCalibration;
import dev.assay.fingerprint.drift.DriftDetector;
import dev.assay.fingerprint.drift.DriftReplay;
import dev.assay.fingerprint.drift.DriftState;
import dev.assay.fingerprint.drift.DriftVerdict;
import dev.assay.fingerprint.drift.ReferenceNovelty;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.update.LiveSignature;
import dev.assay.fingerprint.update.UpdateParams;
import dev.assay.fingerprint.update.UpdateStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One running {@code fingerprint.drift} monitor. Observations (responses with their time) go into epoch-aligned
 * windows of the definition's length; a window closes once the clock passes its end. Its responses, in the order
 * they arrived, are encoded under the reference's encoder configuration, scored by {@link ReferenceNovelty} and fed to
 * one {@link DriftDetector} that runs across windows (calibrated on the reference once, by
 * {@link DriftReplay#calibrated}), and added to a sliding-window {@link LiveSignature} of the model. A window with
 * responses is recorded ({@value #WINDOW_KIND}) with every number behind its verdict; an alarmed window raises an
 * alert after its entry commits. Idle windows are counted in the next recorded one. Not thread-safe (the scheduler
 * drives it from one thread).
 */
final class FingerprintMonitor {
    /** Ledger kind of one window's verdict. */
    static final String WINDOW_KIND = "fingerprint.drift.window";
    /** Counter of closed windows with responses, tagged model and alarm. */
    static final String WINDOWS_METER = "assay.fingerprint.monitor.windows";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MonitorDefinition def;
    private final Signature reference;
    private final ReferenceNovelty novelty;
    private final ResponseEncoder encoder;
    private final DriftDetector detector;
    private final LiveSignature live;
    private final ArrayDeque<Hypervector> ring = new ArrayDeque<>();
    private final Hypervector referenceMajority;
    private final Clock clock;
    private final long windowMillis;
    private final AlertManager alerts;
    private final MeterRegistry meters;
    private final TreeMap<Instant, List<JsonNode>> pending = new TreeMap<>();
    private Instant next;
    private long windows;
    private long responses;
    private long alarmedWindows;
    private long idleWindows;

    private FingerprintMonitor(MonitorDefinition def, Signature reference, Clock clock, AlertManager alerts, MeterRegistry meters,
                               DriftDetector detector, Instant next) {
        this.def = def;
        this.reference = reference;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.novelty = new ReferenceNovelty(reference);
        this.encoder = new ResponseEncoder(reference.config());
        this.windowMillis = def.window().toMillis();
        this.detector = detector != null ? detector : DriftReplay.calibrated(novelty, def.drift());
        Hypervector tieBreak = new ItemMemory(reference.config().dimension(), reference.config().seed()).tieBreak();
        this.live = LiveSignature.create(UpdateStrategy.SLIDING_WINDOW, UpdateParams.defaults().withWindowSize(def.liveWindow()), tieBreak);
        this.referenceMajority = reference.textTotal().majority();
        this.next = floor(next);
    }

    /** A new monitor whose first window holds {@code first}. */
    static FingerprintMonitor start(MonitorDefinition def, Signature reference, Clock clock, AlertManager alerts, MeterRegistry meters,
                                    Instant first) {
        return new FingerprintMonitor(def, reference, clock, alerts, meters, null, first);
    }

    /** The monitor continuing exactly from {@code snapshot} ({@link #snapshot()}). */
    static FingerprintMonitor resume(MonitorDefinition def, Signature reference, Clock clock, AlertManager alerts, MeterRegistry meters,
                                     JsonNode snapshot) {
        if (snapshot == null || !snapshot.isObject()) throw new InvalidInputException("not a fingerprint monitor snapshot");
        Instant next = Instant.parse(snapshot.path("next").asText());
        DriftDetector detector = DriftDetector.resume(def.drift(), Base64.getDecoder().decode(snapshot.path("detector").asText()));
        FingerprintMonitor m = new FingerprintMonitor(def, reference, clock, alerts, meters, detector, next);
        if (!m.next.equals(next)) throw new InvalidInputException("fingerprint monitor snapshot starts at " + next + ", not on a window boundary");
        m.windows = snapshot.path("windows").asLong();
        m.responses = snapshot.path("responses").asLong();
        m.alarmedWindows = snapshot.path("alarmedWindows").asLong();
        m.idleWindows = snapshot.path("idleWindows").asLong();
        for (JsonNode o : snapshot.path("pending")) m.pending.computeIfAbsent(m.floor(Observations.time(o)), k -> new ArrayList<>()).add(o);
        for (JsonNode v : snapshot.path("live")) m.addLive(fromBytes(Base64.getDecoder().decode(v.asText())));
        return m;
    }

    /** Adds one observation (already checked by the kind); false when its window has closed. */
    boolean observe(JsonNode observation) {
        Instant start = floor(Observations.time(observation));
        if (start.isBefore(next)) return false;
        pending.computeIfAbsent(start, k -> new ArrayList<>()).add(observation);
        return true;
    }

    /** Observations timed before this are late. */
    Instant closedUntil() {
        return next;
    }

    /** A closed window: its payload (empty when idle) and what to do after it commits. */
    record Closed(Optional<ObjectNode> payload, boolean alarm, Runnable afterCommit) {}

    /** Closes the oldest window the clock has passed, if any. */
    Optional<Closed> closeNext() {
        Instant end = next.plusMillis(windowMillis);
        if (end.isAfter(clock.instant())) return Optional.empty();
        Instant start = next;
        List<JsonNode> in = pending.remove(start);
        next = end;
        windows++;
        if (in == null || in.isEmpty()) {
            idleWindows++;
            return Optional.of(new Closed(Optional.empty(), false, () -> {}));
        }
        double scoreSum = 0;
        double maxStatistic = Double.NEGATIVE_INFINITY;
        DriftState last = null;
        DriftState firstAlarm = null;
        DriftVerdict verdict = null;
        int alarmed = 0;
        for (JsonNode o : in) {
            Response r = Observations.response(o);
            EncodedResponse e = encoder.encode(r);
            double score = novelty.score(e);
            DriftState s = detector.observe(score, Observations.time(o), r.prompt() == null ? "" : r.prompt());
            scoreSum += score;
            maxStatistic = Math.max(maxStatistic, s.statistic());
            if (s.alarm()) {
                alarmed++;
                if (firstAlarm == null) firstAlarm = s;
            }
            if (s.verdict().isPresent() && verdict == null) verdict = s.verdict().get();
            last = s;
            addLive(e.text());
            responses++;
        }
        boolean alarm = alarmed > 0;
        if (alarm && verdict == null) verdict = detector.classify(); // the alarm began in an earlier window
        if (alarm) alarmedWindows++;
        ObjectNode p = payload(start, end, in.size(), scoreSum / in.size(), maxStatistic, last, alarmed, firstAlarm, verdict);
        idleWindows = 0;
        Counter.builder(WINDOWS_METER).tag("model", def.model()).tag("alarm", Boolean.toString(alarm))
                .description("fingerprint monitor windows with responses, by alarm").register(meters).increment();
        Runnable after = () -> {};
        if (alarm) {
            Alert a = alert(end, p);
            after = () -> alerts.fire(a);
        }
        return Optional.of(new Closed(Optional.of(p), alarm, after));
    }

    private ObjectNode payload(Instant start, Instant end, int count, double meanNovelty, double maxStatistic, DriftState last, int alarmed,
                               DriftState firstAlarm, DriftVerdict verdict) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", def.model());
        n.put("reference", reference.modelId());
        n.put("referenceDigest", def.referenceDigest());
        n.put("encoderConfigHash", reference.config().hash());
        n.put("dimension", reference.config().dimension());
        n.put("itemSeed", reference.config().seed());
        n.put("start", start.toString());
        n.put("end", end.toString());
        n.put("responses", count);
        n.put("responsesSoFar", responses);
        n.put("window", def.drift().window());
        n.put("expectedRunLength", def.drift().expectedRunLength());
        n.put("shift", def.drift().shift());
        n.put("seed", def.drift().seed());
        JsonNumbers.put(n, "meanNovelty", meanNovelty);
        JsonNumbers.put(n, "statistic", last.statistic());
        JsonNumbers.put(n, "maxStatistic", maxStatistic);
        JsonNumbers.put(n, "threshold", last.threshold());
        n.put("alarm", alarmed > 0);
        n.put("alarmedResponses", alarmed);
        DriftCalibration c = detector.calibration();
        ObjectNode cal = n.putObject("calibration");
        cal.put("scores", c.sampleSize());
        JsonNumbers.put(cal, "mean", c.mean());
        JsonNumbers.put(cal, "sd", c.sd());
        JsonNumbers.put(cal, "estimatedRunLength", c.estimatedRunLength());
        cal.put("streams", c.streams());
        cal.put("seed", c.seed());
        ObjectNode lv = n.putObject("live");
        lv.put("strategy", live.strategy().name());
        lv.put("responses", ring.size());
        JsonNumbers.put(lv, "similarityToReference", live.majority().similarity(referenceMajority));
        if (firstAlarm != null) {
            n.put("firstAlarmAt", firstAlarm.index());
            n.put("changeStartsAt", firstAlarm.runStart());
        }
        if (verdict != null) {
            n.put("type", verdict.type().name());
            JsonNumbers.put(n, "confidence", verdict.confidence());
            n.put("reason", verdict.reason());
            ObjectNode ev = n.putObject("evidence");
            for (var e : verdict.evidence().entrySet()) JsonNumbers.put(ev, e.getKey(), e.getValue());
        }
        n.put("idleWindowsBefore", idleWindows);
        return n;
    }

    private Alert alert(Instant end, ObjectNode p) {
        String source = "fingerprint.monitor/" + def.model();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model", def.model());
        labels.put("reference", def.referenceDigest().substring(0, 12));
        labels.put("type", p.path("type").asText());
        String detail = "model " + def.model() + " drifted from reference " + reference.modelId() + " (" + def.referenceDigest().substring(0, 12)
                + "): CUSUM " + p.path("maxStatistic").asText() + " > threshold " + p.path("threshold").asText() + " in the window "
                + p.path("start").asText() + " to " + p.path("end").asText() + " (" + p.path("alarmedResponses").asInt() + " of "
                + p.path("responses").asInt() + " responses in alarm); " + p.path("type").asText() + ": " + p.path("reason").asText();
        return new Alert(source + "/drift@" + end, end, Severity.ERROR, source, "Fingerprint drift: " + def.model(), detail,
                source + "/drift", labels);
    }

    /** The whole state, open windows included. */
    ObjectNode snapshot() {
        ObjectNode n = JSON.createObjectNode();
        n.put("next", next.toString());
        n.put("windows", windows);
        n.put("responses", responses);
        n.put("alarmedWindows", alarmedWindows);
        n.put("idleWindows", idleWindows);
        ArrayNode p = n.putArray("pending");
        pending.values().forEach(l -> l.forEach(p::add));
        n.put("detector", Base64.getEncoder().encodeToString(detector.state()));
        ArrayNode lv = n.putArray("live");
        for (Hypervector v : ring) lv.add(Base64.getEncoder().encodeToString(toBytes(v)));
        return n;
    }

    /** Windows closed so far, and of them those that alarmed. */
    long windows() {
        return windows;
    }

    long alarmedWindows() {
        return alarmedWindows;
    }

    private void addLive(Hypervector text) {
        live.add(text);
        ring.addLast(text);
        if (ring.size() > def.liveWindow()) ring.removeFirst();
    }

    private Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), windowMillis) * windowMillis);
    }

    private static byte[] toBytes(Hypervector v) {
        long[] words = v.words();
        ByteBuffer b = ByteBuffer.allocate(words.length * Long.BYTES);
        for (long w : words) b.putLong(w);
        return b.array();
    }

    private static Hypervector fromBytes(byte[] bytes) {
        if (bytes.length == 0 || bytes.length % Long.BYTES != 0) throw new InvalidInputException("a live signature vector of " + bytes.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long[] words = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < words.length; i++) words[i] = b.getLong();
        return Hypervector.ofWords(words);
    }
}
