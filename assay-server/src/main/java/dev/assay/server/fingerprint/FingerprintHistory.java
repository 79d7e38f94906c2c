package dev.assay.server.fingerprint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.JsonNumbers;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerQuery;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The fingerprint results the ledger holds, read for the dashboard: the newest {@code limit} entries of each of the
 * kinds {@code fingerprint.build}, {@code .verify}, {@code .identify} and {@code .drift} (four indexed searches, so
 * the cost is bounded by the limit, not by the ledger's size), newest first, with the fields the page shows taken
 * from the payloads {@code FingerprintRecords} and the drift command write. A field a payload lacks is null (a
 * number: NaN, served as null).
 */
final class FingerprintHistory {
    /** Entries read per kind when no limit is asked for. */
    static final int DEFAULT_LIMIT = 100;
    /** The most entries read per kind. */
    static final int MAX_LIMIT = 500;

    private static final ObjectMapper TREE = new ObjectMapper();

    /** A {@code fingerprint.build} entry: the signature built. */
    record Build(long seq, Instant time, String model, String digest, String probeSetId, long dimension, long responses,
                 long probes) {}

    /** A {@code fingerprint.verify} entry: SAME, DIFFERENT or UNDECIDED for a candidate against a reference. */
    record Verification(long seq, Instant time, String verdict, String reference, String candidate, String mode,
                        boolean sequential, double pValue, double effect, double alpha, String reason) {}

    /** A {@code fingerprint.identify} entry: the model named ({@code none} when no reference is close enough). */
    record Identification(long seq, Instant time, String model, String candidate, double bestScore, double threshold,
                          String reason) {}

    /** A {@code fingerprint.drift} entry: the largest CUSUM statistic against its calibrated threshold. */
    record DriftCheck(long seq, Instant time, String reference, String candidate, boolean drift, double maxStatistic,
                      double threshold, long alarmedResponses, long responses, String type, double confidence,
                      String reason) {}

    /** What {@code GET /api/v1/fingerprint/history} answers. */
    record History(int limit, List<Build> builds, List<Verification> verifications, List<Identification> identifications,
                   List<DriftCheck> drift) {}

    private final Ledger ledger;

    FingerprintHistory(Ledger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The newest {@code limit} (1..{@value #MAX_LIMIT}) entries of each kind. */
    History read(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", but was " + limit);
        return new History(limit,
                read("fingerprint.build", limit, (e, p) -> new Build(e.seq(), e.time(), text(p, "model", e.subject()),
                        text(p, "digest", null), text(p, "probeSetId", null), whole(p, "dimension"), whole(p, "responses"),
                        whole(p, "probes"))),
                read("fingerprint.verify", limit, (e, p) -> new Verification(e.seq(), e.time(), text(p, "verdict", null),
                        text(p, "reference", e.subject()), text(p, "candidate", null), text(p, "mode", null),
                        p.path("sequential").asBoolean(false), JsonNumbers.read(p, "pValue"), JsonNumbers.read(p, "effect"),
                        JsonNumbers.read(p, "alpha"), text(p, "reason", null))),
                read("fingerprint.identify", limit, (e, p) -> new Identification(e.seq(), e.time(), text(p, "model", e.subject()),
                        text(p, "candidate", null), bestScore(p), JsonNumbers.read(p, "threshold"), text(p, "reason", null))),
                read("fingerprint.drift", limit, (e, p) -> new DriftCheck(e.seq(), e.time(), text(p, "reference", e.subject()),
                        text(p, "candidate", null), p.path("drift").asBoolean(false), JsonNumbers.read(p, "maxStatistic"),
                        JsonNumbers.read(p, "threshold"), whole(p, "alarmedResponses"), whole(p, "responses"),
                        text(p, "type", null), JsonNumbers.read(p, "confidence"), text(p, "reason", null))));
    }

    private <T> List<T> read(String kind, int limit, BiFunction<LedgerEntry, JsonNode, T> view) {
        return ledger.search(LedgerQuery.newest(limit).ofKind(kind)).stream()
                .map(e -> view.apply(e, payload(e)))
                .toList();
    }

    /** The entry's payload as a JSON object; an empty object when it is not one (no field is then shown). */
    private static JsonNode payload(LedgerEntry e) {
        try {
            JsonNode n = TREE.readTree(e.payload());
            return n != null && n.isObject() ? n : TREE.createObjectNode();
        } catch (JsonProcessingException ex) {
            return TREE.createObjectNode();
        }
    }

    private static String text(JsonNode p, String field, String absent) {
        JsonNode v = p.get(field);
        return v != null && v.isTextual() ? v.asText() : absent;
    }

    private static long whole(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v != null && v.canConvertToLong() && v.isIntegralNumber() ? v.asLong() : 0;
    }

    /** The highest score among the references, NaN when none was scored. */
    private static double bestScore(JsonNode p) {
        double best = Double.NaN;
        for (JsonNode s : p.path("scores")) {
            double v = JsonNumbers.read(s, "score");
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) best = v;
        }
        return best;
    }
}
