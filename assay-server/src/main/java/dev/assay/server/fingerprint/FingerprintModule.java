package dev.assay.server.fingerprint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.drift.DriftReplay;
import dev.assay.fingerprint.identify.Identifier;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.SequentialVerifier;
import dev.assay.fingerprint.verify.Verifier;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Behavioural fingerprints over HTTP, as {@code assay fingerprint build | verify | identify --json} computes them:
 * {@code POST /api/v1/fingerprint/build}, {@code .../verify} and {@code .../identify}. Logs travel as JSONL text in
 * JSON fields, signatures as base64 of their binary form; both are read within {@link RequestLogs}' limits, and bad
 * input is a 400 naming the field (and line). Computing needs a viewer token; {@code "record": true}, which appends
 * the result to the ledger ({@code fingerprint.build}, {@code .verify}, {@code .identify}, payloads as the command
 * line's), needs an operator token. Each result is counted in {@value #BUILDS}, {@value #VERIFICATIONS} (tags
 * {@code verdict}, {@code mode}) or {@value #IDENTIFICATIONS} (tag {@code outcome}: {@code named} or {@code none});
 * refused requests count in none. {@code GET /api/v1/fingerprint/history} (viewer) serves the recorded results to the
 * dashboard's fingerprints page.
 */
public final class FingerprintModule implements ApiModule {
    static final String BUILD = "/api/v1/fingerprint/build";
    static final String VERIFY = "/api/v1/fingerprint/verify";
    static final String IDENTIFY = "/api/v1/fingerprint/identify";
    static final String HISTORY = "/api/v1/fingerprint/history";
    static final String DRIFT = "/api/v1/fingerprint/drift";
    /** Counter of signatures built. */
    public static final String BUILDS = "assay.fingerprint.builds";
    /** Counter of verifications, tagged by verdict and mode. */
    public static final String VERIFICATIONS = "assay.fingerprint.verifications";
    /** Counter of identifications, tagged by outcome. */
    public static final String IDENTIFICATIONS = "assay.fingerprint.identifications";
    /** Counter of drift replays, tagged drift=true|false. */
    public static final String DRIFT_CHECKS = "assay.fingerprint.drift.checks";
    /**
     * Largest verification tolerance: an effect of 1 is a distance between the two samples as large as the spread
     * within them, so no larger tolerance can still mean "the same model".
     */
    static final double MAX_TOLERANCE = 1;
    /** References one identification may name. */
    static final int MAX_REFERENCES = 64;

    /** A reference model: a signature (base64) or a log (JSONL), optionally renamed. */
    record ReferenceField(String signature, String log, String model) {}

    /** {@code POST .../build}; absent settings take the command line's defaults. */
    record BuildRequest(String log, String model, Integer dim, String seed, Integer sample, Boolean skipBadLines, Boolean record) {}

    /** {@code POST .../verify}. */
    record VerifyRequest(ReferenceField reference, String candidate, String mode, Double alpha, Double tolerance, Integer permutations,
                         Long seed, Boolean sequential, Double margin, Integer dim, String itemSeed, Boolean skipBadLines,
                         Boolean record) {}

    /** {@code POST .../identify}. */
    record IdentifyRequest(List<ReferenceField> references, String candidate, Double alpha, Integer dim, String itemSeed,
                           Boolean skipBadLines, Boolean record) {}

    /** {@code POST .../drift}. */
    record DriftRequest(ReferenceField reference, String candidate, Integer window, Double expectedRunLength, Integer dim,
                        String itemSeed, Boolean skipBadLines, Boolean record) {}

    private final Ledger ledger;
    private final MeterRegistry meters;
    private final FingerprintHistory history;

    /** A module recording into {@code ledger} and counting into {@code meters}. */
    public FingerprintModule(Ledger ledger, MeterRegistry meters) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.history = new FingerprintHistory(ledger);
    }

    @Override
    public List<DashboardView> views() {
        return List.of(new DashboardView("fingerprints", "Fingerprints", "views/fingerprints.js", 30));
    }

    @Override
    public String name() {
        return "fingerprint";
    }

    @Override
    public void register(Routes routes) {
        routes.post(BUILD, Access.atLeast(Role.VIEWER),
                "Behavioural signature of one model's responses, as fingerprint build: {\"log\" (JSONL text: model, prompt_id, "
                        + "prompt, response), \"model\" (default: the records' one model), \"dim\", \"seed\", \"sample\", "
                        + "\"skipBadLines\", \"record\" (recording needs an operator token)}; answers the digests and "
                        + "\"signature\" (base64 of the binary form); bodies may be sent with Content-Encoding: gzip",
                this::build);
        routes.post(VERIFY, Access.atLeast(Role.VIEWER),
                "Same model or not, as fingerprint verify --json (200 with verdict SAME, DIFFERENT or UNDECIDED): "
                        + "{\"reference\": {\"signature\" (base64) or \"log\" (JSONL)}, \"candidate\" (JSONL), \"mode\" "
                        + "(probe or traffic), \"alpha\", \"tolerance\", \"permutations\", \"seed\", \"sequential\", \"margin\", "
                        + "\"dim\" and \"itemSeed\" (for logs), \"skipBadLines\", \"record\" (recording needs an operator token)}; "
                        + "bodies may be sent with Content-Encoding: gzip",
                this::verify);
        routes.post(IDENTIFY, Access.atLeast(Role.VIEWER),
                "Which reference model produced the candidate's responses, or none, as fingerprint identify --json: "
                        + "{\"references\": [{\"signature\" (base64) or \"log\" (JSONL), \"model\"}], \"candidate\" (JSONL), "
                        + "\"alpha\", \"dim\" and \"itemSeed\" (for logs), \"skipBadLines\", \"record\" (recording needs an "
                        + "operator token)}; bodies may be sent with Content-Encoding: gzip",
                this::identify);
        routes.post(DRIFT, Access.atLeast(Role.VIEWER),
                "Replays the candidate's responses in order against the reference, as fingerprint drift --json: {\"reference\": "
                        + "{\"signature\" (base64) or \"log\" (JSONL)}, \"candidate\" (JSONL, in the order the responses came), "
                        + "\"window\", \"expectedRunLength\", \"dim\" and \"itemSeed\" (for logs), \"skipBadLines\", \"record\" "
                        + "(recording needs an operator token)}; answers drift true or false, the CUSUM's peak and threshold and, "
                        + "on drift, its type (SUDDEN, GRADUAL, PERIODIC, CONCEPT, ADVERSARIAL) with its evidence",
                this::drift);
        routes.get(HISTORY, Access.atLeast(Role.VIEWER),
                "The recorded fingerprint results, newest first: at most ?limit=N (1.." + FingerprintHistory.MAX_LIMIT
                        + ", default " + FingerprintHistory.DEFAULT_LIMIT + ") entries of each of fingerprint.build "
                        + "(builds), .verify (verifications), .identify (identifications) and .drift (drift)",
                ctx -> ctx.json(history.read((int) Requests.queryLong(ctx, "limit", FingerprintHistory.DEFAULT_LIMIT, 1,
                        FingerprintHistory.MAX_LIMIT))));
    }

    private void build(Context ctx) {
        BuildRequest req = Requests.body(ctx, BuildRequest.class);
        boolean record = mayRecord(ctx, req.record());
        String text = required(req.log(), "log");
        EncoderConfig config = RequestLogs.config(req.dim(), req.seed(), "dim", "seed");
        int sample = req.sample() == null ? Signature.DEFAULT_SAMPLE_LIMIT : req.sample();
        Signature.builder(config, "").sampleLimit(sample); // refuses a bad sample before any work
        RequestLogs logs = new RequestLogs(Boolean.TRUE.equals(req.skipBadLines()));
        RequestLogs.Log log = logs.read(text, "log", config.dimension());
        String model = req.model() != null ? req.model() : RequestLogs.modelOf(log, "log");
        Signature.Builder builder = Signature.builder(config, model).sampleLimit(sample).source(log.source());
        for (EncodedResponse e : RequestLogs.encode(log, config)) builder.add(e);
        Signature sig = builder.build();
        ObjectNode payload = FingerprintRecords.build(sig);
        ObjectNode body = payload.deepCopy();
        body.put("signature", Base64.getEncoder().encodeToString(sig.toBytes()));
        Counter.builder(BUILDS).description("fingerprint signatures built over HTTP").register(meters).increment();
        answer(ctx, body, logs, record, "fingerprint.build", model, payload);
    }

    private void verify(Context ctx) {
        VerifyRequest req = Requests.body(ctx, VerifyRequest.class);
        boolean record = mayRecord(ctx, req.record());
        Verifier.Mode mode = mode(req.mode());
        double alpha = req.alpha() == null ? Verifier.Config.DEFAULT_ALPHA : req.alpha();
        double tolerance = req.tolerance() == null ? Verifier.Config.DEFAULT_TOLERANCE : req.tolerance();
        if (tolerance > MAX_TOLERANCE)
            throw new InvalidInputException("tolerance must be from 0 to " + MAX_TOLERANCE + ", but was " + tolerance);
        long seed = req.seed() == null ? Verifier.Config.DEFAULT_SEED : req.seed();
        Verifier.Config config = new Verifier.Config(mode, alpha,
                req.permutations() == null ? Verifier.Config.DEFAULT_PERMUTATIONS : req.permutations(), seed, tolerance,
                Verifier.Config.DEFAULT_MIN_RESPONSES, Verifier.Config.DEFAULT_BOOTSTRAP, null);
        SequentialVerifier.Config sequential = new SequentialVerifier.Config(mode, alpha,
                req.margin() == null ? SequentialVerifier.Config.DEFAULT_MARGIN : req.margin(), seed);
        ReferenceField refField = required(req.reference(), "reference");
        String candidate = required(req.candidate(), "candidate");
        RequestLogs logs = new RequestLogs(Boolean.TRUE.equals(req.skipBadLines()));
        Signature ref;
        if (refField.signature() != null && refField.log() == null) {
            ref = named(RequestLogs.signature(refField.signature(), "reference.signature"), refField.model());
            RequestLogs.requireMatches(ref.config(), req.dim(), req.itemSeed(), "dim", "itemSeed", "reference.signature");
            if (ref.sample().isEmpty()) {
                throw new InvalidInputException("field 'reference.signature' keeps no sampled responses (built with sample 0); "
                        + "verification needs individual responses: rebuild it with a sample, or send the reference's log");
            }
        } else {
            ref = fromLog(refField, "reference", RequestLogs.config(req.dim(), req.itemSeed(), "dim", "itemSeed"), logs, "");
        }
        RequestLogs.Log log = logs.read(candidate, "candidate", ref.config().dimension());
        List<EncodedResponse> cand = RequestLogs.encode(log, ref.config());
        String sha = log.source().sha256();
        ObjectNode payload;
        Verifier.Verdict verdict;
        if (Boolean.TRUE.equals(req.sequential())) {
            SequentialVerifier.Result r = new SequentialVerifier(ref, sequential).verify(cand);
            payload = FingerprintRecords.sequential(r, sequential, ref, "sha256:" + sha);
            verdict = r.verdict();
        } else {
            Verifier.Result r = Verifier.verify(ref.sample(), cand, config);
            payload = FingerprintRecords.verify(r, ref, "sha256:" + sha);
            verdict = r.verdict();
        }
        Counter.builder(VERIFICATIONS).tag("verdict", verdict.name()).tag("mode", mode.name().toLowerCase(Locale.ROOT))
                .description("fingerprint verifications over HTTP by verdict and mode").register(meters).increment();
        answer(ctx, payload.deepCopy(), logs, record, "fingerprint.verify", ref.modelId(), payload);
    }

    private void drift(Context ctx) {
        DriftRequest req = Requests.body(ctx, DriftRequest.class);
        boolean record = mayRecord(ctx, req.record());
        DriftConfig config = new DriftConfig(req.window() == null ? DriftConfig.DEFAULT_WINDOW : req.window(),
                req.expectedRunLength() == null ? DriftConfig.DEFAULT_EXPECTED_RUN_LENGTH : req.expectedRunLength(),
                DriftConfig.DEFAULT_SEED, DriftConfig.DEFAULT_SHIFT, DriftConfig.DEFAULT_CALIBRATION_STREAMS);
        ReferenceField refField = required(req.reference(), "reference");
        String candidate = required(req.candidate(), "candidate");
        RequestLogs logs = new RequestLogs(Boolean.TRUE.equals(req.skipBadLines()));
        Signature ref;
        if (refField.signature() != null && refField.log() == null) {
            ref = named(RequestLogs.signature(refField.signature(), "reference.signature"), refField.model());
            RequestLogs.requireMatches(ref.config(), req.dim(), req.itemSeed(), "dim", "itemSeed", "reference.signature");
        } else {
            ref = fromLog(refField, "reference", RequestLogs.config(req.dim(), req.itemSeed(), "dim", "itemSeed"), logs, "");
        }
        RequestLogs.Log log = logs.read(candidate, "candidate", ref.config().dimension());
        List<EncodedResponse> cand = RequestLogs.encode(log, ref.config());
        List<String> inputs = log.responses().stream().map(r -> r.prompt() == null ? "" : r.prompt()).toList();
        DriftReplay.Result r = DriftReplay.replay(ref, cand, inputs, config, java.time.Instant.now());
        ObjectNode payload = FingerprintRecords.drift(r, ref, "sha256:" + log.source().sha256());
        Counter.builder(DRIFT_CHECKS).tag("drift", Boolean.toString(r.drift()))
                .description("fingerprint drift replays over HTTP, by outcome").register(meters).increment();
        answer(ctx, payload.deepCopy(), logs, record, "fingerprint.drift", ref.modelId(), payload);
    }

    private void identify(Context ctx) {
        IdentifyRequest req = Requests.body(ctx, IdentifyRequest.class);
        boolean record = mayRecord(ctx, req.record());
        double alpha = req.alpha() == null ? Identifier.Config.DEFAULT_ALPHA : req.alpha();
        Identifier.Config idConfig = new Identifier.Config(alpha, Identifier.Config.DEFAULT_DRAWS, Identifier.Config.DEFAULT_SEED);
        List<ReferenceField> fields = required(req.references(), "references");
        if (fields.isEmpty() || fields.size() > MAX_REFERENCES)
            throw new InvalidInputException("field 'references' must hold 1 to " + MAX_REFERENCES + " references, but held " + fields.size());
        String candidate = required(req.candidate(), "candidate");
        // signatures first: the first one's encoder configuration is the one logs are encoded under
        Signature[] sigs = new Signature[fields.size()];
        EncoderConfig config = null;
        for (int i = 0; i < sigs.length; i++) {
            ReferenceField f = fields.get(i);
            String at = "references[" + i + "]";
            if (f == null) throw new InvalidInputException("field '" + at + "' must be a JSON object, but was null");
            if (f.signature() == null || f.log() != null) continue;
            sigs[i] = named(RequestLogs.signature(f.signature(), at + ".signature"), f.model());
            if (sigs[i].modelId().isEmpty())
                throw new InvalidInputException("field '" + at + ".signature' names no model; name it with '" + at + ".model'");
            if (config == null) {
                RequestLogs.requireMatches(sigs[i].config(), req.dim(), req.itemSeed(), "dim", "itemSeed", at + ".signature");
                config = sigs[i].config();
            }
        }
        if (config == null) config = RequestLogs.config(req.dim(), req.itemSeed(), "dim", "itemSeed");
        RequestLogs logs = new RequestLogs(Boolean.TRUE.equals(req.skipBadLines()));
        List<Signature> refs = new ArrayList<>();
        for (int i = 0; i < sigs.length; i++) {
            String at = "references[" + i + "]";
            refs.add(sigs[i] != null ? sigs[i] : fromLog(fields.get(i), at, config, logs, at));
        }
        RequestLogs.Log log = logs.read(candidate, "candidate", config.dimension());
        List<EncodedResponse> cand = RequestLogs.encode(log, config);
        Identifier.Identification id = new Identifier(refs, idConfig).identify(cand);
        ObjectNode payload = FingerprintRecords.identify(id, refs, alpha, "sha256:" + log.source().sha256());
        Counter.builder(IDENTIFICATIONS).tag("outcome", id.named() ? "named" : "none")
                .description("fingerprint identifications over HTTP by outcome").register(meters).increment();
        answer(ctx, payload.deepCopy(), logs, record, "fingerprint.identify", id.named() ? id.model() : "none", payload);
    }

    /**
     * The reference built from the {@code log} of {@code f} (which must hold it and no signature), named by
     * {@code f.model}, else by the records' one model, else {@code fallback}.
     */
    private static Signature fromLog(ReferenceField f, String field, EncoderConfig config, RequestLogs logs, String fallback) {
        if (f.log() == null || f.signature() != null)
            throw new InvalidInputException("field '" + field + "' needs exactly one of 'signature' (base64) and 'log' (JSONL text)");
        RequestLogs.Log log = logs.read(f.log(), field + ".log", config.dimension());
        String model = f.model() != null ? f.model() : RequestLogs.modelOf(log, field + ".log");
        return RequestLogs.reference(log, model.isEmpty() ? fallback : model, config);
    }

    private static Signature named(Signature sig, String model) {
        return model == null ? sig : sig.withModelId(model);
    }

    /** Whether to record; refuses {@code "record": true} (403) unless the token's role includes operator. */
    private static boolean mayRecord(Context ctx, Boolean record) {
        if (!Boolean.TRUE.equals(record)) return false;
        Role role = Requests.principal(ctx).role();
        if (!role.includes(Role.OPERATOR)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"assay\", error=\"insufficient_scope\"");
            throw new ForbiddenResponse("\"record\": true writes to the ledger and requires role operator or higher; "
                    + "this token has role " + role.label());
        }
        return true;
    }

    /** Answers {@code body} with the skipped lines and, when recording, appends {@code payload} and adds its sequence number. */
    private void answer(Context ctx, ObjectNode body, RequestLogs logs, boolean record, String kind, String subject, ObjectNode payload) {
        var skipped = body.putArray("skippedLines");
        logs.skippedLines().forEach(skipped::add);
        if (record) body.put("ledgerSeq", ledger.append(kind, subject.isEmpty() ? "(unnamed model)" : subject, payload).seq());
        else body.putNull("ledgerSeq");
        ctx.json(body);
    }

    private static Verifier.Mode mode(String mode) {
        if (mode == null || mode.equals("probe")) return Verifier.Mode.PROBE;
        if (mode.equals("traffic")) return Verifier.Mode.TRAFFIC;
        throw new InvalidInputException("field 'mode' must be probe or traffic, but was '"
                + (mode.length() > 40 ? mode.substring(0, 40) + "..." : mode) + "'");
    }

    private static <T> T required(T value, String field) {
        if (value == null) throw new InvalidInputException("field '" + field + "' is required");
        return value;
    }
}
