package dev.assay.cli.ledger;

import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Cosignature;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.NoteKey;
import dev.assay.core.tlog.proof.TrustedLog;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --witness VKEY ... [--min-witnesses K]}: a checkpoint must carry K valid witness cosignatures. */
final class WitnessOptions {
    @Option(names = "--witness", paramLabel = "VKEY",
            description = "Require cosignatures (C2SP tlog-cosignature) by witnesses: a witness's verifier key; repeatable"
                    + " (default: none)")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--min-witnesses", paramLabel = "K",
            description = "How many of the --witness keys must have cosigned the checkpoint (default: all of them)")
    Integer minWitnesses;

    boolean required() {
        return !witnesses.isEmpty();
    }

    /** The witness keys and the quorum, checked as bad usage before anything is read. */
    List<CosignerKey> keys() {
        List<CosignerKey> keys = witnesses.stream().map(CosignerKey::parseVerifier).toList();
        if (minWitnesses != null && (keys.isEmpty() || minWitnesses < 1 || minWitnesses > keys.size()))
            throw new InvalidInputException("--min-witnesses must be in 1.." + keys.size() + " (the --witness keys given), but was "
                    + minWitnesses);
        return keys;
    }

    /**
     * "" when no witness is required, else "; cosigned by NAMES" for a checkpoint {@code note} of
     * {@code log} carrying enough valid cosignatures; {@link InvalidInputException} with the count otherwise.
     */
    String check(String note, TrustedLog log) {
        List<CosignerKey> keys = keys();
        if (keys.isEmpty()) return "";
        var c = Cosignature.requireCosigners(note, NoteKey.parseVerifier(log.verifierKey()), log.origin(), keys,
                minWitnesses == null ? keys.size() : minWitnesses);
        return "; cosigned by " + String.join(", ", c.cosignedAt().keySet());
    }
}
