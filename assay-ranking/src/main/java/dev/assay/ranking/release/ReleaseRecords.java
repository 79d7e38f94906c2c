package dev.assay.ranking.release;

import dev.assay.core.JsonNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.registry.Registry;

/** The release decision as JSON, and as a ledger entry of kind {@value #KIND}. */
public final class ReleaseRecords {
    public static final String KIND = "ranking.release.decision";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseRecords() {}

    /** The report as a JSON object; absent numbers are null. */
    public static ObjectNode toJson(ReleaseReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("contract", r.contract()).put("production", r.production()).put("candidate", r.candidate())
                .put("verdict", r.verdict().name()).put("resamples", r.resamples()).put("seed", r.seed())
                .put("evaluatedAt", r.evaluatedAt().toString());
        var guards = n.putArray("guards");
        for (GuardResult g : r.guards()) {
            ObjectNode o = guards.addObject().put("guard", g.guard()).put("kind", g.kind()).put("verdict", g.verdict().name());
            num(o, "estimate", g.estimate());
            num(o, "lower", g.lower());
            num(o, "upper", g.upper());
            num(o, "threshold", g.threshold());
            num(o, "level", g.level());
            num(o, "pValue", g.pValue());
            num(o, "adjustedPValue", g.adjustedPValue());
            o.put("samples", g.samples()).put("detail", g.detail());
        }
        return n;
    }

    /**
     * Appends the decision to the ledger under subject {@code model/candidate}; returns once durable.
     * A {@link NotFoundException} when {@code model} is not registered, and then nothing is written.
     */
    public static LedgerEntry record(Ledger ledger, Registry registry, String model, ReleaseReport r) {
        requireRegistered(registry, model);
        ObjectNode payload = toJson(r);
        payload.put("model", model);
        return ledger.append(KIND, model + "/" + r.candidate(), payload);
    }

    /** A {@link NotFoundException} naming {@code model} unless it is registered; check it before evaluating. */
    public static void requireRegistered(Registry registry, String model) {
        if (registry.model(model).isEmpty())
            throw new NotFoundException("model " + model + " is not registered; register it before recording decisions under it");
    }

    private static void num(ObjectNode o, String field, double v) {
        JsonNumbers.put(o, field, v);
    }
}
