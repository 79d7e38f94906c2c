package dev.assay.ranking.release;

import static java.lang.Double.NaN;

import dev.assay.core.JsonNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.registry.Registry;
import dev.assay.ranking.figure.Histogram;

/** The release decision as JSON, and as a ledger entry of kind {@value #KIND}. */
public final class ReleaseRecords {
    public static final String KIND = "ranking.release.decision";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseRecords() {}

    /**
     * The report as a JSON object. Each guard has {@code guard}, {@code kind}, {@code verdict},
     * {@code estimate}, {@code lower}, {@code upper}, {@code threshold}, {@code level}, {@code pValue},
     * {@code adjustedPValue}, {@code samples}, {@code detail} (numbers a kind has not are null, in the core
     * {@link JsonNumbers} encoding), and by kind: latency {@code percentile}; tail_ratio {@code p95},
     * {@code p99}; overlap {@code k}; calibration {@code candidateEce}, {@code productionEce}. A tested quality
     * guard also has {@code histogram}: the bootstrap means its bound was read from, as {@code edges}
     * (bins + 1, ascending) and {@code counts} (at most {@value Histogram#DEFAULT_MAX_BINS} bins, see
     * {@link Histogram#of}); an untested one (too few topics) has none.
     */
    public static ObjectNode toJson(ReleaseReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("contract", r.contract()).put("production", r.production()).put("candidate", r.candidate())
                .put("verdict", r.verdict().name()).put("resamples", r.resamples()).put("seed", r.seed())
                .put("evaluatedAt", r.evaluatedAt().toString());
        var guards = n.putArray("guards");
        for (GuardResult g : r.guards()) {
            ObjectNode o = guards.addObject().put("guard", g.name()).put("kind", g.guard().type()).put("verdict", g.verdict().name());
            // the fields every guard had before results were typed stay, null where the kind has no such number
            switch (g) {
                case GuardResult.Quality q -> {
                    numbers(o, q.estimate(), q.lower(), q.threshold(), q.level(), q.pValue(), q.adjustedPValue(), q.samples());
                    q.bootstrap().ifPresent(h -> histogram(o.putObject("histogram"), h));
                }
                case GuardResult.Latency l -> numbers(o.put("percentile", l.guard().percentile()), l.valueMs(), NaN,
                        l.guard().limitMs(), NaN, NaN, NaN, l.samples());
                case GuardResult.TailRatio t -> numbers(o.put("p95", t.p95Ms()).put("p99", t.p99Ms()), t.ratio(), NaN,
                        t.guard().maxRatio(), NaN, NaN, NaN, t.samples());
                case GuardResult.Overlap ov -> numbers(o.put("k", ov.guard().k()), ov.mean(), NaN, ov.guard().minMean(), NaN, NaN,
                        NaN, ov.topics());
                case GuardResult.Calibration c -> {
                    JsonNumbers.put(o, "candidateEce", c.candidateEce());
                    JsonNumbers.put(o, "productionEce", c.productionEce());
                    numbers(o, c.drift(), NaN, c.guard().maxDrift(), NaN, NaN, NaN, c.samples());
                }
                case GuardResult.NoData nd -> numbers(o, NaN, NaN, NaN, NaN, NaN, NaN, 0);
            }
            o.put("detail", g.detail());
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

    private static void histogram(ObjectNode o, Histogram h) {
        var edges = o.putArray("edges");
        for (double e : h.edges()) edges.add(e);
        var counts = o.putArray("counts");
        for (long c : h.counts()) counts.add(c);
    }

    private static void numbers(ObjectNode o, double estimate, double lower, double threshold, double level, double pValue,
                                double adjustedPValue, long samples) {
        JsonNumbers.put(o, "estimate", estimate);
        JsonNumbers.put(o, "lower", lower);
        JsonNumbers.put(o, "upper", NaN); // every bound is one-sided (lower); kept for readers of earlier entries
        JsonNumbers.put(o, "threshold", threshold);
        JsonNumbers.put(o, "level", level);
        JsonNumbers.put(o, "pValue", pValue);
        JsonNumbers.put(o, "adjustedPValue", adjustedPValue);
        o.put("samples", samples);
    }
}
