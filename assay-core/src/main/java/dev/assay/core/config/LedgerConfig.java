package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.LedgerWitnesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ledger's witnessing: the witnesses the service submits its checkpoints to (C2SP
 * {@code tlog-witness}) and how often.
 *
 * @param witnesses    each witness's verifier key and address ({@code ledger.witnesses}: {@code VKEY=URL} items
 *                     separated by spaces or commas; none by default)
 * @param witnessEvery the period of a witnessing round ({@code ledger.witnessEvery}, at least 1 s)
 */
public record LedgerConfig(List<LedgerWitnesses.Endpoint> witnesses, Duration witnessEvery) {
    public LedgerConfig {
        witnesses = List.copyOf(witnesses);
        Objects.requireNonNull(witnessEvery, "witnessEvery");
        checkWitnessEvery(witnessEvery);
    }

    /** No witnesses, a round a minute if some are given later. */
    public static LedgerConfig none() {
        return new LedgerConfig(List.of(), Duration.ofMinutes(1));
    }

    static Duration checkWitnessEvery(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) throw new InvalidInputException("must be at least 1s, but was " + d);
        return d;
    }

    /** Reads {@code VKEY=URL} items separated by spaces or commas; an empty text is no witness. */
    static List<LedgerWitnesses.Endpoint> parseWitnesses(String raw) {
        List<LedgerWitnesses.Endpoint> out = new ArrayList<>();
        for (String item : raw.strip().split("[\\s,]+")) if (!item.isEmpty()) out.add(LedgerWitnesses.Endpoint.parse(item));
        return List.copyOf(out);
    }
}
