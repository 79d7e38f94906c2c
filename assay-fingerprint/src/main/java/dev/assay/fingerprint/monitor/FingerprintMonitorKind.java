package dev.assay.fingerprint.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.monitor.ClosedWindow;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.MonitorInstance;
import dev.assay.core.monitor.MonitorKind;
import dev.assay.fingerprint.drift.DriftDetector;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Behavioural drift monitors as a core monitor kind ({@value #NAME}): stored, fed and run by the core monitor
 * lifecycle, so they survive a restart and run on one instance. A definition is a {@link MonitorDefinition}; it is
 * refused when its reference is not in the {@link ReferenceStore}, when the encoder configuration hash it names is
 * not the reference's, or when the reference samples too few responses to calibrate on. Observations are
 * response-log records with their {@code time} ({@link #observation}). Each window with responses is recorded as
 * {@value #WINDOW_KIND} (subject: the model) and an alarm raises an alert (dedup key
 * {@code fingerprint.monitor/<model>/drift}, labels model, reference, type).
 */
public final class FingerprintMonitorKind implements MonitorKind {
    /** The kind's name in the store. */
    public static final String NAME = "fingerprint.drift";
    /** Ledger kind of one window's verdict. */
    public static final String WINDOW_KIND = FingerprintMonitor.WINDOW_KIND;

    private final ReferenceStore references;
    private final AlertManager alerts;
    private final MeterRegistry meters;

    public FingerprintMonitorKind(ReferenceStore references, AlertManager alerts, MeterRegistry meters) {
        this.references = Objects.requireNonNull(references, "references");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The monitor id of {@code model}. */
    public static String id(String model) {
        return "fingerprint/" + model;
    }

    /** The observation of {@code response} answered at {@code time}, as monitors of this kind take it. */
    public static ObjectNode observation(Instant time, Response response) {
        return Observations.of(Objects.requireNonNull(time, "time"), Objects.requireNonNull(response, "response"));
    }

    /** The store this kind reads references from. */
    public ReferenceStore references() {
        return references;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(JsonNode definition) {
        reference(MonitorDefinition.fromJson(definition));
    }

    /** The definition's reference, checked against it. */
    Signature reference(MonitorDefinition def) {
        Signature ref = references.get(def.referenceDigest());
        if (!ref.config().hash().equals(def.encoderConfigHash()))
            throw new InvalidInputException("the definition's encoderConfigHash " + def.encoderConfigHash() + " is not reference "
                    + def.referenceDigest() + "'s (" + ref.config().hash() + ", dimension " + ref.config().dimension() + ", seed '"
                    + ref.config().seed() + "')");
        if (ref.sample().size() < DriftDetector.MIN_CALIBRATION_SCORES)
            throw new InvalidInputException("reference " + def.referenceDigest() + " samples " + ref.sample().size()
                    + " responses; drift calibration needs at least " + DriftDetector.MIN_CALIBRATION_SCORES);
        return ref;
    }

    @Override
    public Instant timeOf(JsonNode observation) {
        Observations.response(observation);
        return Observations.time(observation);
    }

    @Override
    public MonitorInstance open(MonitorInfo info, Optional<JsonNode> snapshot, Clock clock) {
        MonitorDefinition def = MonitorDefinition.fromJson(info.definition());
        Signature ref = reference(def);
        FingerprintMonitor m = snapshot.isPresent()
                ? FingerprintMonitor.resume(def, ref, clock, alerts, meters, snapshot.get())
                : FingerprintMonitor.start(def, ref, clock, alerts, meters, info.createdAt());
        return new Instance(m, def.model());
    }

    private record Instance(FingerprintMonitor monitor, String subject) implements MonitorInstance {
        @Override
        public boolean observe(JsonNode observation) {
            return monitor.observe(observation);
        }

        @Override
        public Optional<ClosedWindow> closeNext() {
            return monitor.closeNext().map(c -> new ClosedWindow(c.payload().map(p -> new ClosedWindow.Entry(WINDOW_KIND, subject, p)),
                    c.afterCommit()));
        }

        @Override
        public JsonNode snapshot() {
            return monitor.snapshot();
        }

        @Override
        public Instant closedUntil() {
            return monitor.closedUntil();
        }
    }
}
