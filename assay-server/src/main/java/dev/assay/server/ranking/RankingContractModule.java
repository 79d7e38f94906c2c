package dev.assay.server.ranking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.registry.Registry;
import dev.assay.ranking.release.ReleaseContract;
import dev.assay.ranking.release.ReleaseEvaluation;
import dev.assay.ranking.release.ReleaseRecords;
import dev.assay.ranking.release.ReleaseReport;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Release contracts over HTTP: {@code POST /api/v1/ranking/contract/evaluate} evaluates a
 * candidate run against the production run exactly as {@code assay rank contract} does (the
 * same {@link ReleaseEvaluation}) and answers the report's JSON. Evaluating needs a viewer
 * token; {@code "record": true}, which appends the decision to the ledger under {@code model},
 * needs an operator token. TREC texts are parsed with the file parsers, errors naming the JSON
 * field and line ({@code candidate:3: ...}).
 */
public final class RankingContractModule implements ApiModule {
    static final String PATH = "/api/v1/ranking/contract/evaluate";

    /** The request; absent settings take the command line's defaults. */
    record EvaluateRequest(String qrels, String production, String candidate, String measure, String method, Double alpha,
                           Double margin, Integer resamples, Long seed, String contract, double[] candidateLatencies,
                           Boolean record, String model) {}

    private final Ledger ledger;
    private final Registry registry;
    private final ReleaseEvaluation evaluation;

    /**
     * A module evaluating with {@code clock}, counting into {@code meters}, recording into {@code ledger}
     * under models registered in {@code registry}.
     */
    public RankingContractModule(Ledger ledger, Registry registry, Clock clock, MeterRegistry meters) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.evaluation = ReleaseEvaluation.create(clock, meters, ReleaseEvaluation.Source.HTTP);
    }

    @Override
    public String name() {
        return "ranking";
    }

    @Override
    public void register(Routes routes) {
        routes.post(PATH, Access.atLeast(Role.VIEWER),
                "Release verdict of a candidate run against the production run, as rank contract --json: {\"qrels\", \"production\", "
                        + "\"candidate\" (TREC texts), \"measure\", \"method\", \"alpha\", \"margin\", \"resamples\", \"seed\" or "
                        + "\"contract\" (YAML), \"candidateLatencies\", \"record\" with \"model\" (recording needs an operator token)}; "
                        + "or multipart/form-data with file parts qrels, production, candidate and the other fields as a JSON part "
                        + "settings or one part each; bodies may be sent with Content-Encoding: gzip",
                this::evaluate);
    }

    private void evaluate(Context ctx) {
        EvaluateRequest req = request(ctx);
        boolean record = Boolean.TRUE.equals(req.record());
        if (record) {
            Role role = Requests.principal(ctx).role();
            if (!role.includes(Role.OPERATOR)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"assay\", error=\"insufficient_scope\"");
                throw new ForbiddenResponse("\"record\": true writes to the ledger and requires role operator or higher; "
                        + "this token has role " + role.label());
            }
            ReleaseRecords.requireRegistered(registry, required(req.model(), "model"));
        } else if (req.model() != null) {
            throw new InvalidInputException("field 'model' is only used with \"record\": true");
        }
        String qrelsText = required(req.qrels(), "qrels");
        String productionText = required(req.production(), "production");
        String candidateText = required(req.candidate(), "candidate");
        ReleaseContract contract = contract(req);
        double[] latencies = req.candidateLatencies();
        if (latencies != null) for (int i = 0; i < latencies.length; i++) ReleaseEvaluation.requireLatency(latencies[i], "candidateLatencies[" + i + "]");
        Qrels qrels = Qrels.read(stream(qrelsText), "qrels");
        Run production = Run.read(stream(productionText), "production");
        Run candidate = Run.read(stream(candidateText), "candidate");
        ReleaseReport report = evaluation.evaluate(qrels, production, candidate, contract, latencies,
                "production", "candidate");
        ObjectNode body = ReleaseRecords.toJson(report);
        if (record) {
            LedgerEntry entry = ReleaseRecords.record(ledger, registry, req.model(), report);
            body.put("ledgerSeq", entry.seq());
        } else {
            body.putNull("ledgerSeq");
        }
        ctx.json(body);
    }

    /** The request from a JSON body or a multipart/form-data upload, either possibly gzip-compressed. */
    private static EvaluateRequest request(Context ctx) {
        byte[] body = Requests.decodedBody(ctx);
        String type = ctx.header("Content-Type");
        if (type != null && type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data"))
            return ContractUploads.read(body, type, Requests.maxBytes(ctx));
        return Requests.parse(body, EvaluateRequest.class, "request body");
    }

    /** The contract text when given (then the one-guard settings must be absent), else the one-guard contract. */
    private static ReleaseContract contract(EvaluateRequest req) {
        if (req.contract() != null) {
            List<String> clash = new ArrayList<>();
            if (req.measure() != null) clash.add("measure");
            if (req.method() != null) clash.add("method");
            if (req.alpha() != null) clash.add("alpha");
            if (req.margin() != null) clash.add("margin");
            if (req.resamples() != null) clash.add("resamples");
            if (req.seed() != null) clash.add("seed");
            if (!clash.isEmpty())
                throw new InvalidInputException("fields " + clash + " do not apply with 'contract', which sets them itself");
            return ReleaseContract.parse(req.contract(), "contract");
        }
        return ReleaseEvaluation.quickContract(req.measure(), req.method(), req.alpha(), req.margin(), req.resamples(), req.seed(), "");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T required(T value, String field) {
        if (value == null) throw new InvalidInputException("field '" + field + "' is required");
        return value;
    }
}
