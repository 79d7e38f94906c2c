package dev.assay.fingerprint.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.JsonNumbers;
import dev.assay.fingerprint.identify.Identifier;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.SequentialVerifier;
import dev.assay.fingerprint.verify.Verifier;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of fingerprint results: what {@code assay fingerprint ... --json} prints, what the HTTP endpoints answer
 * and what the ledger records ({@code fingerprint.build}, {@code .verify}, {@code .identify}), written once. The
 * candidate is named by the caller: a file path on the command line, {@code sha256:<hex>} of the text over HTTP.
 */
public final class FingerprintRecords {
    private static final ObjectMapper TREE = new ObjectMapper();

    private FingerprintRecords() {}

    /** A built signature: digests, configuration and sources, as {@code fingerprint.build} records it. */
    public static ObjectNode build(Signature sig) {
        ObjectNode n = TREE.createObjectNode();
        n.put("model", sig.modelId());
        n.put("digest", sig.digest());
        n.put("merkleRoot", sig.merkleRoot());
        n.put("probeSetId", sig.probeSetId());
        n.put("encoderConfigHash", sig.config().hash());
        n.put("dimension", sig.config().dimension());
        n.put("seed", sig.config().seed());
        n.put("responses", sig.responses());
        n.put("probes", sig.probes().size());
        var src = n.putArray("sources");
        for (Signature.Source s : sig.sources()) {
            src.addObject().put("name", s.name()).put("sha256", s.sha256()).put("responses", s.responses());
        }
        return n;
    }

    /** A two-sample verification of {@code candidate} against {@code ref}. */
    public static ObjectNode verify(Verifier.Result r, Signature ref, String candidate) {
        ObjectNode n = TREE.createObjectNode();
        n.put("verdict", r.verdict().name());
        n.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        n.put("reference", ref.modelId());
        n.put("referenceDigest", ref.digest());
        JsonNumbers.put(n, "pValue", r.pValue());
        JsonNumbers.put(n, "statistic", r.statistic());
        JsonNumbers.put(n, "mmd2Unbiased", r.mmd2Unbiased());
        JsonNumbers.put(n, "effect", r.effect());
        JsonNumbers.put(n, "effectUpper", r.effectUpper());
        n.put("alpha", r.alpha());
        n.put("tolerance", r.tolerance());
        n.put("permutations", r.permutations());
        n.put("seed", r.seed());
        n.put("referenceResponses", r.referenceResponses());
        n.put("candidateResponses", r.candidateResponses());
        n.put("probes", r.probes());
        n.put("reason", r.reason());
        n.put("candidate", candidate);
        return n;
    }

    /** A sequential verification under {@code c}. */
    public static ObjectNode sequential(SequentialVerifier.Result r, SequentialVerifier.Config c, Signature ref, String candidate) {
        ObjectNode n = TREE.createObjectNode();
        n.put("verdict", r.verdict().name());
        n.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        n.put("sequential", true);
        n.put("reference", ref.modelId());
        n.put("referenceDigest", ref.digest());
        n.put("candidate", candidate);
        n.put("pairs", r.pairs());
        n.put("candidateResponses", r.candidateResponses());
        JsonNumbers.put(n, "differentEvidence", r.differentEvidence());
        JsonNumbers.put(n, "sameEvidence", r.sameEvidence());
        JsonNumbers.put(n, "fartherShare", r.fartherShare());
        n.put("alpha", c.alpha());
        n.put("margin", c.margin());
        n.put("seed", c.seed());
        n.put("reason", r.reason());
        return n;
    }

    /** An identification among {@code refs} at level {@code alpha}. */
    public static ObjectNode identify(Identifier.Identification id, List<Signature> refs, double alpha, String candidate) {
        ObjectNode n = TREE.createObjectNode();
        n.put("model", id.named() ? id.model() : "none");
        n.put("candidate", candidate);
        n.put("responses", id.responses());
        JsonNumbers.put(n, "threshold", id.threshold());
        n.put("alpha", alpha);
        n.put("reason", id.reason());
        var scores = n.putArray("scores");
        for (Identifier.Score s : id.scores()) {
            ObjectNode o = scores.addObject().put("model", s.model());
            JsonNumbers.put(o, "score", s.score());
        }
        var digests = n.putArray("referenceDigests");
        for (Signature s : refs) digests.addObject().put("model", s.modelId()).put("digest", s.digest());
        return n;
    }

    /** A drift replay of {@code candidate} against {@code ref}. */
    public static ObjectNode drift(dev.assay.fingerprint.drift.DriftReplay.Result r, Signature ref, String candidate) {
        ObjectNode n = TREE.createObjectNode();
        n.put("drift", r.drift());
        n.put("reference", ref.modelId());
        n.put("referenceDigest", ref.digest());
        n.put("candidate", candidate);
        n.put("responses", r.responses());
        n.put("window", r.config().window());
        n.put("expectedRunLength", r.config().expectedRunLength());
        JsonNumbers.put(n, "threshold", r.threshold());
        JsonNumbers.put(n, "maxStatistic", r.maxStatistic());
        n.put("alarmedResponses", r.alarmedResponses());
        n.put("calibrationScores", r.calibrationScores());
        n.put("seed", r.config().seed());
        if (r.drift()) {
            n.put("firstAlarmAt", r.firstAlarm().index());
            n.put("changeStartsAt", r.firstAlarm().runStart());
            n.put("type", r.verdict().type().name());
            JsonNumbers.put(n, "confidence", r.verdict().confidence());
            n.put("reason", r.verdict().reason());
            ObjectNode ev = n.putObject("evidence");
            for (var e : r.verdict().evidence().entrySet()) JsonNumbers.put(ev, e.getKey(), e.getValue());
        }
        return n;
    }
}
