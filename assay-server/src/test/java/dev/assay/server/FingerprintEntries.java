package dev.assay.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.JsonNumbers;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.time.ManualClock;
import java.time.Duration;

/**
 * Fingerprint results appended to a ledger as the command line records them (the payload fields of
 * {@code FingerprintRecords} and {@code DriftCommand}), one minute apart: a build of a model whose id is markup, a
 * SAME and a DIFFERENT verification, a named and a "none" identification, a stable and a drifting check against
 * {@link #REFERENCE}. Seqs are 1 to 7 on an empty ledger.
 */
final class FingerprintEntries {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A model id that is markup: the dashboard must show it as text. */
    static final String MARKUP_MODEL = "<script>alert(1)</script>";
    /** A candidate name that would run script if it were parsed as HTML. */
    static final String MARKUP_CANDIDATE = "<img src=x onerror=\"window.fpInjected=true\">";
    static final String REFERENCE = "terse-model";
    static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private FingerprintEntries() {}

    static void append(Ledger ledger, ManualClock clock) {
        ObjectNode build = JSON.createObjectNode().put("model", MARKUP_MODEL).put("digest", DIGEST)
                .put("merkleRoot", "ab12").put("probeSetId", "probes-1").put("encoderConfigHash", "cd34")
                .put("dimension", 1024).put("seed", "assay").put("responses", 120).put("probes", 12);
        build.putArray("sources").addObject().put("name", "terse.jsonl").put("sha256", "ee").put("responses", 120);
        next(ledger, clock, "fingerprint.build", MARKUP_MODEL, build);

        next(ledger, clock, "fingerprint.verify", REFERENCE, verify("SAME", REFERENCE, "sha256:c1", 0.42, "probe"));
        next(ledger, clock, "fingerprint.verify", MARKUP_MODEL, verify("DIFFERENT", MARKUP_MODEL, MARKUP_CANDIDATE, 0.001, "traffic"));

        next(ledger, clock, "fingerprint.identify", REFERENCE, identify(REFERENCE, 0.91));
        next(ledger, clock, "fingerprint.identify", "none", identify("none", 0.12));

        next(ledger, clock, "fingerprint.drift", REFERENCE, drift(false, 2.25, 0));
        ObjectNode drifting = drift(true, 9.75, 17).put("firstAlarmAt", 31).put("changeStartsAt", 28).put("type", "SUDDEN")
                .put("confidence", 0.93).put("reason", "a level shift at response 28");
        next(ledger, clock, "fingerprint.drift", REFERENCE, drifting);
    }

    static ObjectNode verify(String verdict, String reference, String candidate, double p, String mode) {
        ObjectNode n = JSON.createObjectNode().put("verdict", verdict).put("mode", mode).put("reference", reference)
                .put("referenceDigest", DIGEST);
        JsonNumbers.put(n, "pValue", p);
        JsonNumbers.put(n, "effect", 0.05);
        JsonNumbers.put(n, "effectUpper", Double.POSITIVE_INFINITY);
        return n.put("alpha", 0.01).put("candidateResponses", 60).put("reason", verdict + " at alpha 0.01")
                .put("candidate", candidate);
    }

    static ObjectNode identify(String model, double best) {
        ObjectNode n = JSON.createObjectNode().put("model", model).put("candidate", "sha256:c2").put("responses", 40);
        JsonNumbers.put(n, "threshold", 0.5);
        n.put("alpha", 0.01).put("reason", model.equals("none") ? "no reference within its threshold" : "closest reference");
        ObjectNode s = n.putArray("scores").addObject().put("model", REFERENCE);
        JsonNumbers.put(s, "score", best);
        n.withArray("scores").addObject().put("model", "verbose-model").put("score", best / 2);
        return n;
    }

    static ObjectNode drift(boolean drift, double max, int alarmed) {
        ObjectNode n = JSON.createObjectNode().put("drift", drift).put("reference", REFERENCE).put("referenceDigest", DIGEST)
                .put("candidate", "traffic.jsonl").put("responses", 64).put("window", 16).put("expectedRunLength", 500);
        JsonNumbers.put(n, "threshold", 5.5);
        JsonNumbers.put(n, "maxStatistic", max);
        return n.put("alarmedResponses", alarmed).put("calibrationScores", 200).put("seed", 7);
    }

    private static void next(Ledger ledger, ManualClock clock, String kind, String subject, ObjectNode payload) {
        clock.advance(Duration.ofMinutes(1));
        ledger.append(kind, subject, payload);
    }
}
