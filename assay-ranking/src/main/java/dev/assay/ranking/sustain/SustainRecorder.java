package dev.assay.ranking.sustain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where a published cycle is recorded: the ledger (kind {@value #KIND}), or nowhere when no store is configured. */
public interface SustainRecorder {
    /** Ledger entry kind of a sustainment cycle. */
    String KIND = "ranking.sustain.cycle";

    /** One line for the report: where the cycle is recorded. */
    String describe();

    /** Records the published cycle by its manifest hash; the entry, or empty when nothing is recorded. */
    Optional<LedgerEntry> record(String manifestSha256, Path out, SustainReport report);

    /** Records nothing (a cycle run as a library call without a ledger). */
    static SustainRecorder none() {
        return new SustainRecorder() {
            @Override
            public String describe() {
                return "not recorded: the cycle was run without a ledger";
            }

            @Override
            public Optional<LedgerEntry> record(String manifestSha256, Path out, SustainReport report) {
                return Optional.empty();
            }
        };
    }

    /** Appends one entry per cycle under {@code subject}, with the manifest's SHA-256 and the outcome. */
    static SustainRecorder ledger(Ledger ledger, String subject) {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(subject, "subject");
        return new SustainRecorder() {
            @Override
            public String describe() {
                return "recorded in the ledger as one " + KIND + " entry under subject " + subject + " carrying this manifest's SHA-256";
            }

            @Override
            public Optional<LedgerEntry> record(String manifestSha256, Path out, SustainReport r) {
                ObjectNode p = JsonNodeFactory.instance.objectNode();
                p.put("manifestSha256", manifestSha256).put("out", out.toString()).put("production", r.production())
                        .put("candidate", r.candidate()).put("outcome", r.outcome().name())
                        .put("createdAt", r.createdAt().toString());
                return Optional.of(ledger.append(KIND, subject, p));
            }
        };
    }
}
