package dev.assay.server.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import dev.assay.core.document.Scalars;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Registry;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.monitor.FingerprintMonitorKind;
import dev.assay.fingerprint.monitor.MonitorDefinition;
import dev.assay.fingerprint.monitor.ReferenceStore;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Fingerprint drift monitors over HTTP, on the core monitor lifecycle: {@code POST /api/v1/fingerprint/monitors/{model}}
 * (operator) stores the reference signature by digest in the data directory's {@link ReferenceStore} and defines
 * monitor {@code fingerprint/<model>} of kind {@value FingerprintMonitorKind#NAME} with every setting resolved;
 * {@code GET /api/v1/fingerprint/monitors} (viewer) lists them with their stored progress. The model must be
 * registered. Observations come from a {@code Prober} (or any client through the core monitors).
 */
public final class FingerprintMonitorModule implements ApiModule {
    static final String MONITORS = "/api/v1/fingerprint/monitors";

    /** {@code POST .../monitors/{model}}; absent settings take the defaults. */
    record DefineRequest(String reference, String window, Integer driftWindow, Double expectedRunLength, Long seed, Double shift,
                         Integer calibrationStreams, Integer liveWindow) {}

    record MonitorView(String id, String model, String status, String referenceDigest, String encoderConfigHash, String window,
                       int driftWindow, double expectedRunLength, long windows, long responses, long alarmedWindows, long pending,
                       Instant closedUntil, Instant updatedAt, String runningOn) {}

    record ListView(List<MonitorView> monitors, int total) {}

    private final Monitors monitors;
    private final ReferenceStore references;
    private final Registry registry;

    /** A module over {@code monitors} (which must know {@link FingerprintMonitorKind}) keeping references in {@code references}. */
    public FingerprintMonitorModule(Monitors monitors, ReferenceStore references, Registry registry) {
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.references = Objects.requireNonNull(references, "references");
        this.registry = Objects.requireNonNull(registry, "registry");
        monitors.kind(FingerprintMonitorKind.NAME);
    }

    @Override
    public String name() {
        return "fingerprint-monitors";
    }

    @Override
    public void register(Routes routes) {
        routes.get(MONITORS, Access.atLeast(Role.VIEWER),
                "Fingerprint drift monitors with their stored progress (windows, responses, alarmed windows), by id",
                ctx -> {
                    List<MonitorView> all = monitors.list().stream().filter(m -> m.kind().equals(FingerprintMonitorKind.NAME))
                            .map(this::view).toList();
                    ctx.json(new ListView(all, all.size()));
                });
        routes.post(MONITORS + "/{model}", Access.atLeast(Role.OPERATOR),
                "Define a drift monitor of a registered model against a reference signature: {\"reference\" (base64 of the binary "
                        + "signature, at least 30 sampled responses), \"window\" (default 5m), \"driftWindow\", \"expectedRunLength\", "
                        + "\"seed\", \"shift\", \"calibrationStreams\", \"liveWindow\"}; each window of the responses a prober submits "
                        + "is recorded as fingerprint.drift.window and an alarm raises an alert",
                ctx -> {
                    String model = ctx.pathParam("model");
                    if (registry.model(model).isEmpty()) throw new NotFoundException("model " + model + " is not registered");
                    DefineRequest req = Requests.body(ctx, DefineRequest.class);
                    if (req.reference() == null) throw new InvalidInputException("field 'reference' is required");
                    Signature ref = RequestLogs.signature(req.reference(), "reference");
                    Duration window = MonitorDefinition.DEFAULT_WINDOW;
                    if (req.window() != null) {
                        try {
                            window = Scalars.duration(req.window());
                        } catch (InvalidInputException e) {
                            throw new InvalidInputException("field 'window': " + e.getMessage());
                        }
                    }
                    DriftConfig drift = new DriftConfig(
                            field(req.driftWindow(), DriftConfig.DEFAULT_WINDOW, "driftWindow", 8, 100_000),
                            range(req.expectedRunLength(), DriftConfig.DEFAULT_EXPECTED_RUN_LENGTH, "expectedRunLength", 10, 10_000_000),
                            req.seed() == null ? DriftConfig.DEFAULT_SEED : req.seed(),
                            range(req.shift(), DriftConfig.DEFAULT_SHIFT, "shift", Double.MIN_VALUE, 10),
                            field(req.calibrationStreams(), DriftConfig.DEFAULT_CALIBRATION_STREAMS, "calibrationStreams", 50, 100_000));
                    int live = field(req.liveWindow(), MonitorDefinition.DEFAULT_LIVE_WINDOW, "liveWindow", 1, 4096);
                    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(7)) > 0
                            || window.toMillis() * 1_000_000 != window.toNanos())
                        throw new InvalidInputException("field 'window' must be a whole number of milliseconds from 1s to 7d, but was '"
                                + req.window() + "'");
                    MonitorDefinition def = new MonitorDefinition(model, ref.digest(), ref.config().hash(), window, drift, live);
                    if (ref.sample().size() < dev.assay.fingerprint.drift.DriftDetector.MIN_CALIBRATION_SCORES)
                        throw new InvalidInputException("field 'reference' samples " + ref.sample().size()
                                + " responses; drift calibration needs at least " + dev.assay.fingerprint.drift.DriftDetector.MIN_CALIBRATION_SCORES);
                    references.put(ref);
                    MonitorInfo m = monitors.define(FingerprintMonitorKind.id(model), FingerprintMonitorKind.NAME, def.toJson());
                    ctx.status(201).json(view(m));
                });
    }

    private MonitorView view(MonitorInfo m) {
        MonitorDefinition d = MonitorDefinition.fromJson(m.definition());
        JsonNode s = m.state().orElse(null);
        long windows = s == null ? 0 : s.path("windows").asLong();
        long responses = s == null ? 0 : s.path("responses").asLong();
        long alarmed = s == null ? 0 : s.path("alarmedWindows").asLong();
        return new MonitorView(m.id(), d.model(), m.status().name(), d.referenceDigest(), d.encoderConfigHash(), d.window().toString(),
                d.drift().window(), d.drift().expectedRunLength(), windows, responses, alarmed, m.pending(), m.closedUntil(), m.updatedAt(),
                monitors.owner(m.id()).orElse(null));
    }

    private static int field(Integer v, int dflt, String name, int min, int max) {
        if (v == null) return dflt;
        if (v < min || v > max) throw new InvalidInputException("field '" + name + "' must be in [" + min + ", " + max + "], but was " + v);
        return v;
    }

    private static double range(Double v, double dflt, String name, double min, double max) {
        if (v == null) return dflt;
        if (!(v >= min && v <= max)) throw new InvalidInputException("field '" + name + "' must be in [" + min + ", " + max + "], but was " + v);
        return v;
    }
}
